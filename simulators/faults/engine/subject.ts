import type { ProviderName, SimRequest } from '../../kernel/exchange.ts'
import { environmentOf } from '../../providers/apns/environment.ts'
import { sendPathProject } from '../../providers/fcm/index.ts'
import { parseEndpointPath } from '../../providers/webpush/endpoint-paths.ts'

/** What a fault can match on, known before the provider core runs. */
export interface ExchangeSubject {
  readonly provider: ProviderName
  readonly flavour: string | undefined
  readonly route: string
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly connectionOrdinal: number
  /** Parsed lazily: for FCM it means reading the JSON body, which most plans never need. */
  readonly target: string | undefined
}

const APNS_PREFIX = '/3/device/'

/**
 * Reads provider, flavour and target off a request the way each core will:
 * APNs from the path and :authority, FCM from the path (project) and the
 * message's target, Web Push from the endpoint path.
 */
export function subjectOf(provider: ProviderName, request: SimRequest, apnsDefaultEnvironment: 'sandbox' | 'production'): ExchangeSubject {
  const base = { provider, route: request.path, headers: request.headers, connectionOrdinal: request.connection.id }
  switch (provider) {
    case 'apns': {
      const path = withoutQuery(request.path)
      const target = path.startsWith(APNS_PREFIX) ? path.slice(APNS_PREFIX.length).toLowerCase() : undefined
      return { ...base, flavour: environmentOf(request.authority, apnsDefaultEnvironment), target }
    }
    case 'webpush': {
      const route = parseEndpointPath(request.path)
      return { ...base, flavour: route.browser, target: 'id' in route ? route.id : undefined }
    }
    case 'fcm': {
      let parsed = false
      let target: string | undefined
      return {
        ...base,
        flavour: sendPathProject(withoutQuery(request.path)) ?? undefined,
        get target() {
          if (!parsed) {
            parsed = true
            target = fcmTarget(request.body)
          }
          return target
        },
      }
    }
  }
}

function withoutQuery(path: string): string {
  const query = path.indexOf('?')
  return query === -1 ? path : path.slice(0, query)
}

/** The message target as the FCM core names it in the ledger: the token, or `topic:`, `condition:`, `fid:`. */
function fcmTarget(body: Buffer): string | undefined {
  try {
    const message = (JSON.parse(body.toString('utf8')) as { message?: Record<string, unknown> }).message
    if (!message) return undefined
    if (typeof message.token === 'string') return message.token
    if (typeof message.topic === 'string') return `topic:${message.topic}`
    if (typeof message.condition === 'string') return `condition:${message.condition}`
    if (typeof message.fid === 'string') return `fid:${message.fid}`
  } catch {
    // Not JSON: the core answers that; no target to match.
  }
  return undefined
}
