/**
 * The HPACK static table (RFC 7541 Appendix A). Entry i (1-based, as on the
 * wire) is STATIC_TABLE[i - 1].
 */
export const STATIC_TABLE: readonly (readonly [name: string, value: string])[] = [
  [':authority', ''], // 1
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'], // 5
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'], // 10
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''], // 15
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''], // 20
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''], // 25
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''], // 30
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''], // 35
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''], // 40
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''], // 45
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''], // 50
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''], // 55
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''], // 60
  ['www-authenticate', ''],
]

// name → lowest index with that name; name → (value → index). Two levels, so a lookup never builds a joined key string.
const byName = new Map<string, number>()
const byNameValue = new Map<string, Map<string, number>>()
STATIC_TABLE.forEach(([name, value], i) => {
  if (!byName.has(name)) byName.set(name, i + 1)
  let values = byNameValue.get(name)
  if (values === undefined) byNameValue.set(name, (values = new Map()))
  if (!values.has(value)) values.set(value, i + 1)
})

/** The first static index whose name is `name`, or 0. */
export function staticNameIndex(name: string): number {
  return byName.get(name) ?? 0
}

/** The static index of exactly (name, value), or 0. */
export function staticExactIndex(name: string, value: string): number {
  return byNameValue.get(name)?.get(value) ?? 0
}
