import { WEB_PUSH_ORIGINS } from '../../simulators/providers/webpush/index.ts'

/** The simulator listeners a program's provider traffic is sent to (`https://host:port` URLs, as the admin API reports them). */
export interface SimulatorListeners {
  /** APNs over TLS, HTTP/2 only. */
  apns: string
  /** FCM, its OAuth token route and Chrome's web push (Google's front end) over TLS. */
  fcmTls: string
  /** Web Push over TLS. */
  webpushTls: string
}

/** `host:port` a program dials → `host:port` of the simulator that answers it. */
export type RouteTable = ReadonlyMap<string, string>

const HTTPS = [443]
// APNs answers on 443 and on 2197 on both hosts (protocols.md §1.1).
const APNS_PORTS = [443, 2197]

/** The real provider hosts, each with the ports its clients dial and the listener that plays it. */
export const PROVIDER_HOSTS: readonly { host: string; ports: readonly number[]; listener: keyof SimulatorListeners }[] = [
  { host: 'api.push.apple.com', ports: APNS_PORTS, listener: 'apns' },
  { host: 'api.sandbox.push.apple.com', ports: APNS_PORTS, listener: 'apns' },
  // Apple's older name for the sandbox host, still in some clients.
  { host: 'api.development.push.apple.com', ports: APNS_PORTS, listener: 'apns' },
  { host: 'fcm.googleapis.com', ports: HTTPS, listener: 'fcmTls' },
  { host: 'oauth2.googleapis.com', ports: HTTPS, listener: 'fcmTls' },
  // Chrome's endpoints are on fcm.googleapis.com, above: the FCM listener hands their paths to the web push core.
  ...Object.values(WEB_PUSH_ORIGINS)
    .map((origin) => new URL(origin).hostname)
    .filter((host) => host !== 'fcm.googleapis.com')
    .map((host) => ({ host, ports: HTTPS, listener: 'webpushTls' as const })),
]

/** The route table for listeners at these URLs. */
export function routeTable(listeners: SimulatorListeners): RouteTable {
  const table = new Map<string, string>()
  for (const { host, ports, listener } of PROVIDER_HOSTS) {
    const target = new URL(listeners[listener]).host
    for (const port of ports) table.set(`${host}:${port}`, target)
  }
  return table
}

/** The table as the preload reads it from PUSHSIM_EXEC_ROUTES. */
export const routesJson = (table: RouteTable): string => JSON.stringify(Object.fromEntries(table))

/** Where a `host:port` a client dials goes, if it is a provider's; host names compare case-insensitively. */
export function routeOf(table: RouteTable, hostPort: string): string | undefined {
  return table.get(hostPort.toLowerCase())
}
