import { apnsHeaders, apnsPayload } from './apns-request.ts'
import { createApnsPool } from './apns-pool.ts'
import type { PooledSession } from './apns-session.ts'
import { settleStream, type StreamOutcome } from './apns-stream.ts'
import { createApnsTokenCache } from './apns-token.ts'
import { APNS_TOKEN_MIN_AGE_MS, DEFAULT_APNS_CONNECTIONS, DEFAULT_REFRESH_COOLDOWN_MS, wallClock, type ApnsSenderConfig, type SendersConfig } from './config.ts'
import { wallTimeoutMs } from './http-agent.ts'
import type { Credential } from './credential-cache.ts'
import type { PushRequest, Sender } from './sender.ts'
import { notSent, transportError } from './transport-error.ts'
import { trustedCas } from './trust.ts'

export interface ApnsSenderStats {
  tokensMinted: number
  sessionsOpened: number
  /** Most streams ever open at once on one connection. */
  peakStreamsPerSession: number
  /** Unprocessed streams sent again (refused, or past a GOAWAY). */
  streamsResent: number
}

export interface ApnsSender extends Sender {
  stats(): ApnsSenderStats
}

/**
 * APNs over HTTP/2 with token auth (protocols §1). A stream the server did
 * not process is sent again once, on a usable connection, within the same
 * send: it is not an attempt (push-semantics §1), the provider never saw it.
 */
export function createApnsSender(config: SendersConfig & { apns: ApnsSenderConfig }): ApnsSender {
  const apns = config.apns
  // Token iat and age are on the run clock (a jump past 50 min mints a new one); timeouts are wall timers
  // converted at the clock's scale when each send starts.
  const now = config.clock ?? wallClock
  const policy = config.policy.apns
  const wallMs = (virtualMs: number) => wallTimeoutMs(config.wallMsFor ?? ((ms) => ms), virtualMs)
  const tokens = createApnsTokenCache(apns, now, config.refreshCooldownMs ?? DEFAULT_REFRESH_COOLDOWN_MS)
  const pool = createApnsPool({ url: apns.url, connections: apns.connections ?? DEFAULT_APNS_CONNECTIONS, ca: trustedCas(config.ca), connectTimeoutMs: () => wallMs(policy.connectTimeoutMs) })
  let resent = 0

  async function sendOnce(request: PushRequest, deviceToken: string, body: string): Promise<StreamOutcome> {
    const fetched = await tokens.get()
    if (!fetched.ok) return { kind: 'settled', result: fetched.failure }
    const connectMs = wallMs(policy.connectTimeoutMs)
    const readMs = wallMs(policy.readTimeoutMs)
    return new Promise((resolve) => {
      // (interpretation) Waiting for a connection or a free stream slot is part of connecting.
      const deadline = setTimeout(() => {
        withdraw()
        resolve({ kind: 'settled', result: transportError('connect-timeout', `no APNs stream within ${connectMs} ms`) })
      }, connectMs)
      const withdraw = pool.dispatch({
        offer(session) {
          const token = newest(tokens.current() ?? fetched.credential, session.token)
          if (mustNotCarry(session, token)) return 'declined'
          let stream
          try {
            stream = session.http2.request(apnsHeaders(request, deviceToken, token.value, apns.topic, now()))
          } catch {
            return 'declined' // the session is closing: another one takes it
          }
          clearTimeout(deadline)
          session.token = token
          void settleStream(stream, session, readMs).then((outcome) => {
            pool.release(session)
            resolve(outcome)
          })
          stream.end(body)
          return 'taken'
        },
        fail(result) {
          clearTimeout(deadline)
          resolve({ kind: 'settled', result })
        },
      })
    })
  }

  return {
    channels: ['apns'],
    async send(request) {
      if (request.address.kind !== 'token') return notSent('APNs needs a device token address')
      const body = apnsPayload(request.content, request.tracking)
      const first = await sendOnce(request, request.address.token, body)
      if (first.kind === 'settled') return first.result
      resent++
      return (await sendOnce(request, request.address.token, body)).result
    },
    refreshCredential: () => tokens.refresh(),
    close: () => pool.close(),
    stats: () => ({ tokensMinted: tokens.mints, ...pool.stats(), streamsResent: resent }),
  }
}

/** A session already carries a later token than the one at hand: use that one. */
const newest = (token: Credential<string>, onSession: Credential<string> | undefined): Credential<string> =>
  onSession !== undefined && onSession.serial > token.serial ? onSession : token

/**
 * §1.6: a second token on one connection within 20 min of the first gets
 * 429 TooManyProviderTokenUpdates; a token minted that soon after (a refresh
 * on ExpiredProviderToken) goes on a fresh connection instead.
 */
function mustNotCarry(session: PooledSession, token: Credential<string>): boolean {
  const current = session.token
  return current !== undefined && current.serial !== token.serial && token.mintedAt - current.mintedAt < APNS_TOKEN_MIN_AGE_MS
}

