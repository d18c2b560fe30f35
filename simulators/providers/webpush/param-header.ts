/**
 * Parses `Crypto-Key` / `Encryption` style headers: sections separated by
 * ",", items by ";", each `key=value` (quotes and base64 padding dropped).
 * Mirrors autopush's CryptoKeyHeader: an item without "=" makes the whole
 * header invalid (undefined); the first occurrence of a key wins.
 */
export function parseParamHeader(header: string): Map<string, string> | undefined {
  const params = new Map<string, string>()
  for (const section of header.split(',')) {
    for (const item of section.split(';')) {
      const eq = item.indexOf('=')
      if (eq === -1) return undefined
      const key = item.slice(0, eq).trim()
      if (!params.has(key)) params.set(key, cleanValue(item.slice(eq + 1)))
    }
  }
  return params
}

function cleanValue(raw: string): string {
  let value = raw.trim()
  if (value.includes('"')) value = value.replaceAll('"', '')
  let end = value.length
  while (end > 0 && value.charCodeAt(end - 1) === 61 /* = */) end--
  return end === value.length ? value : value.slice(0, end)
}
