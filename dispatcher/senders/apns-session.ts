import { connect, type ClientHttp2Session } from 'node:http2'
import type { Credential } from './credential-cache.ts'
import type { ProviderResult } from './sender.ts'
import { transportError, transportErrorOf } from './transport-error.ts'

/** One HTTP/2 connection to APNs and what the pool knows of it. */
export interface PooledSession {
  /** 1, 2, … in the order the sender opened them. */
  readonly ordinal: number
  readonly http2: ClientHttp2Session
  /** The server's first SETTINGS arrived: its stream limit is known. */
  ready: boolean
  /** Takes no new streams (GOAWAY, a token it must not see, a refusal to open); closes when idle. */
  draining: boolean
  active: number
  peakActive: number
  /** The server's GOAWAY; `debug` is its opaque data, APNs' JSON reason when it gives one (§1.7). */
  goaway: { code: number; lastStreamId: number; debug: string } | undefined
  /** The provider token last sent on it: APNs counts token changes per connection (§1.6). */
  token: Credential<string> | undefined
  /** Why it ended, for streams that were open on it and for sends waiting on its connect. */
  failure: ProviderResult | undefined
}

export interface SessionEvents {
  /** First SETTINGS, and every later one (the stream limit may change). */
  settings(session: PooledSession): void
  closed(session: PooledSession): void
}

/** SETTINGS_MAX_CONCURRENT_STREAMS as the server last advertised it (§1.8: 1 until a valid token). */
export const streamLimit = (session: PooledSession): number => session.http2.remoteSettings.maxConcurrentStreams ?? 1

/**
 * Opens a connection; it counts as connected once the server's SETTINGS
 * arrive, and is destroyed with 'connect-timeout' if that takes longer than
 * the connect timeout (TCP, TLS and the HTTP/2 preface together).
 */
export function openSession(url: string, ordinal: number, options: { ca: string[] | undefined; connectTimeoutMs: number }, events: SessionEvents): PooledSession {
  const http2 = connect(url, options.ca ? { ca: options.ca } : {})
  const session: PooledSession = { ordinal, http2, ready: false, draining: false, active: 0, peakActive: 0, goaway: undefined, token: undefined, failure: undefined }
  const connectTimer = setTimeout(() => {
    session.failure = transportError('connect-timeout', `no HTTP/2 SETTINGS from ${url} within ${options.connectTimeoutMs} ms`)
    http2.destroy()
  }, options.connectTimeoutMs)
  http2.on('remoteSettings', () => {
    if (!session.ready) clearTimeout(connectTimer)
    session.ready = true
    events.settings(session)
  })
  http2.on('goaway', (code, lastStreamId, opaqueData) => {
    // §1.8: no new streams on it; Node closes it (NO_ERROR) or destroys it (an error code) itself.
    session.draining = true
    // A second GOAWAY (the server closing) may follow the first without its debug data: keep the reason.
    const debug = opaqueData && opaqueData.length > 0 ? opaqueData.toString('utf8') : (session.goaway?.debug ?? '')
    session.goaway = { code, lastStreamId: Math.min(lastStreamId, session.goaway?.lastStreamId ?? lastStreamId), debug }
  })
  http2.on('error', (error) => {
    session.failure ??= transportErrorOf(error)
  })
  http2.once('close', () => {
    clearTimeout(connectTimer)
    session.draining = true
    session.failure ??= transportError('connection', `connection to ${url} closed`)
    events.closed(session)
  })
  return session
}

/** No new streams; closed as soon as the last open stream ends. */
export function drain(session: PooledSession): void {
  session.draining = true
  if (session.active === 0 && !session.http2.closed && !session.http2.destroyed) session.http2.close()
}
