import type { SimRequest } from '../../kernel/exchange.ts'

/**
 * `scheme://authority` of a request in the form URL.origin gives, so it
 * compares equal to a normalised VAPID `aud`: lower case, default port
 * dropped. Memoised: a run sees a handful of authorities.
 */
const caches = { http: new Map<string, string>(), https: new Map<string, string>() }
const MAX_ENTRIES = 64

export function requestOrigin(request: SimRequest): string {
  const cache = caches[request.scheme]
  let origin = cache.get(request.authority)
  if (origin === undefined) {
    origin = normalise(request.scheme, request.authority)
    if (cache.size >= MAX_ENTRIES) cache.clear()
    cache.set(request.authority, origin)
  }
  return origin
}

function normalise(scheme: string, authority: string): string {
  const lower = authority.toLowerCase()
  const defaultPort = scheme === 'https' ? ':443' : ':80'
  const host = lower.endsWith(defaultPort) ? lower.slice(0, -defaultPort.length) : lower
  return `${scheme}://${host}`
}
