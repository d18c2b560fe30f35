import { redactHeader, redactedHeaders } from './entry.ts'

const str = JSON.stringify

/** `str(redactedHeaders(raw))` written directly; a repeated header name takes the general path, which joins values. */
export function requestHeadersJson(rawHeaders: readonly string[]): string {
  let json = '{'
  const seen = new Set<string>()
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase()
    if (name[0] === ':') continue
    if (seen.has(name)) return str(redactedHeaders(rawHeaders))
    seen.add(name)
    json += `${json.length > 1 ? ',' : ''}${str(name)}:${str(redactHeader(name, rawHeaders[i + 1]!))}`
  }
  return `${json}}`
}

// A frozen header list can't change, so its JSON can hang off the array itself:
// the HTTP/1.1 adapter hands out one frozen array per byte-identical header block.
const byFrozenArray = new WeakMap<readonly string[], string>()

// Clients repeat the same header list on a connection (same authorization,
// content-type, user-agent…). Each connection's last list is kept as a copy,
// since a caller's array may change after the exchange, and is compared value
// by value, so a reused id or a changed header never yields stale JSON.
const CONNECTIONS_CACHED = 1024
const byConnection = new Map<number, { rawHeaders: readonly string[]; json: string }>()

/** `requestHeadersJson(rawHeaders)`, reused when the list repeats. */
export function cachedRequestHeadersJson(connectionId: number, rawHeaders: readonly string[]): string {
  const frozen = Object.isFrozen(rawHeaders)
  if (frozen) {
    const json = byFrozenArray.get(rawHeaders)
    if (json !== undefined) return json
  }
  let last = byConnection.get(connectionId)
  if (last === undefined || !sameValues(last.rawHeaders, rawHeaders)) {
    if (last === undefined && byConnection.size >= CONNECTIONS_CACHED) byConnection.clear()
    last = { rawHeaders: frozen ? rawHeaders : rawHeaders.slice(), json: requestHeadersJson(rawHeaders) }
    byConnection.set(connectionId, last)
  }
  if (frozen) byFrozenArray.set(rawHeaders, last.json)
  return last.json
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
