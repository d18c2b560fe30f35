import type { ApnsEnvironment } from './types.ts'

// §1.1. `api.development.push.apple.com` is Apple's older name for the
// sandbox host, still used by some clients.
const HOST_ENVIRONMENT = new Map<string, ApnsEnvironment>([
  ['api.sandbox.push.apple.com', 'sandbox'],
  ['api.development.push.apple.com', 'sandbox'],
  ['api.push.apple.com', 'production'],
])

/** The APNs environment a request addresses, from its `:authority` (port ignored). */
export function environmentOf(authority: string, fallback: ApnsEnvironment): ApnsEnvironment {
  const colon = authority.indexOf(':')
  const host = (colon === -1 ? authority : authority.slice(0, colon)).toLowerCase()
  return HOST_ENVIRONMENT.get(host) ?? fallback
}
