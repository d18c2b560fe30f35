/**
 * `:path` of the device API (§1.2): `/3/device/<token>`. [interp] The query
 * string is ignored, `/3/device` and `/3/device/` lack a token
 * (MissingDeviceToken), and anything else, including a token segment with a
 * further `/`, is BadPath.
 */
export type DevicePath =
  | { kind: 'device'; token: string }
  | { kind: 'missing-token' }
  | { kind: 'bad-path' }

const PREFIX = '/3/device/'
const MISSING_TOKEN: DevicePath = { kind: 'missing-token' }
const BAD_PATH: DevicePath = { kind: 'bad-path' }

export function parseDevicePath(path: string): DevicePath {
  const query = path.indexOf('?')
  const pathname = query === -1 ? path : path.slice(0, query)
  if (pathname === PREFIX || pathname === '/3/device') return MISSING_TOKEN
  if (!pathname.startsWith(PREFIX)) return BAD_PATH
  const token = pathname.slice(PREFIX.length)
  return token.includes('/') ? BAD_PATH : { kind: 'device', token }
}
