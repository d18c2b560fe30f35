import type { Socket } from 'node:net'
import { Agent, buildConnector, errors, type Dispatcher } from 'undici'
import type { ChannelPolicy } from '../model/channel.ts'
import { trustedCas } from './trust.ts'
import { ioFairTimeout } from './io-fair-timeout.ts'

/** Wall ms of a virtual duration at the run clock's scale of the moment (identity on a wall clock). */
export type WallMsFor = (virtualMs: number) => number

/** A wall timer from a virtual timeout: whole ms, never 0 (which undici reads as "no timeout"). */
export const wallTimeoutMs = (wallMsFor: WallMsFor, virtualMs: number): number => Math.max(1, Math.ceil(wallMsFor(virtualMs)))

/**
 * A keep-alive undici Agent with the channel's timeouts: connect (TCP + TLS)
 * and read (to the response headers, then between body chunks), push-semantics §2.
 * The policy is in virtual ms; each connect and request converts it at the
 * clock's scale of that moment, so PUT /clock's new scale applies to the next
 * attempt. HTTP/2 is offered over TLS when `allowH2` (ALPN; HTTP/1.1 otherwise).
 */
export function createHttpAgent(policy: ChannelPolicy, options: { ca: string | undefined; allowH2: boolean; wallMsFor?: WallMsFor }): Dispatcher {
  const wallMsFor = options.wallMsFor ?? ((ms: number) => ms)
  const ca = trustedCas(options.ca)
  // The Agent's own limits are the unscaled ones, an upper bound (scale ≤ 1); the timers below fire first.
  const base = buildConnector({ allowH2: options.allowH2, timeout: policy.connectTimeoutMs, ...(ca ? { ca } : {}) })
  const agent = new Agent({
    allowH2: options.allowH2,
    connect: preciseConnectTimeout(base, () => wallTimeoutMs(wallMsFor, policy.connectTimeoutMs)),
    headersTimeout: policy.readTimeoutMs,
    bodyTimeout: policy.readTimeoutMs,
  })
  return agent.compose((dispatch) => (opts, handler) => {
    const readMs = wallTimeoutMs(wallMsFor, policy.readTimeoutMs)
    // undici's own headers timer stays as a backstop; answeredWithin's fires first, on time.
    return dispatch({ ...opts, headersTimeout: 2 * readMs, bodyTimeout: readMs }, answeredWithin(handler, readMs))
  })
}

/**
 * The read timeout to the answer's headers on a plain timer, from the moment
 * the request is written on a connected session (onRequestStart). Over
 * HTTP/2 undici's headers timeout is the stream's idle timer, which fired up
 * to a wall second late on a loaded machine (found by the conformance
 * suite's timeout.read cases at small time scales).
 */
function answeredWithin(handler: Dispatcher.DispatchHandler, readMs: number): Dispatcher.DispatchHandler {
  let stop = () => {}
  return {
    onRequestStart(controller, context) {
      stop = ioFairTimeout(() => controller.abort(new errors.HeadersTimeoutError(`Headers Timeout Error (timeout: ${readMs}ms)`)), readMs)
      handler.onRequestStart?.(controller, context)
    },
    onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
    onResponseStart(controller, statusCode, headers, statusMessage) {
      if (statusCode >= 200) stop()
      handler.onResponseStart?.(controller, statusCode, headers, statusMessage)
    },
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd(controller, trailers) {
      stop()
      handler.onResponseEnd?.(controller, trailers)
    },
    onResponseError(controller, error) {
      stop()
      handler.onResponseError?.(controller, error)
    },
  }
}

/**
 * undici's own connect timer ticks on a coarse (~0.5–1 s) clock, so a scaled
 * 100 ms connect timeout would fire a second late; a plain timer destroys the
 * socket on time with the same ConnectTimeoutError.
 */
function preciseConnectTimeout(base: buildConnector.connector, timeoutMs: () => number): buildConnector.connector {
  return (options, callback) => {
    let stop = () => {}
    const socket = (base as (...args: Parameters<buildConnector.connector>) => Socket | undefined)(options, (error, connected) => {
      stop()
      if (error) callback(error, null)
      else callback(null, connected!)
    })
    const ms = timeoutMs()
    stop = ioFairTimeout(() => socket?.destroy(new errors.ConnectTimeoutError(`Connect Timeout Error (timeout: ${ms}ms)`)), ms)
    return socket
  }
}
