import type { Socket } from 'node:net'
import { Agent, buildConnector, errors } from 'undici'
import type { ChannelPolicy } from '../model/channel.ts'
import { trustedCas } from './trust.ts'

/**
 * A keep-alive undici Agent with the channel's timeouts: connect (TCP + TLS)
 * and read (to the response headers, then between body chunks), push-semantics §2.
 * HTTP/2 is offered over TLS when `allowH2` (ALPN; HTTP/1.1 otherwise).
 */
export function createHttpAgent(policy: ChannelPolicy, options: { ca: string | undefined; allowH2: boolean }): Agent {
  const ca = trustedCas(options.ca)
  const base = buildConnector({ allowH2: options.allowH2, timeout: policy.connectTimeoutMs, ...(ca ? { ca } : {}) })
  return new Agent({
    allowH2: options.allowH2,
    connect: preciseConnectTimeout(base, policy.connectTimeoutMs),
    headersTimeout: policy.readTimeoutMs,
    bodyTimeout: policy.readTimeoutMs,
  })
}

/**
 * undici's own connect timer ticks on a coarse (~0.5–1 s) clock, so a scaled
 * 100 ms connect timeout would fire a second late; a plain timer destroys the
 * socket on time with the same ConnectTimeoutError.
 */
function preciseConnectTimeout(base: buildConnector.connector, timeoutMs: number): buildConnector.connector {
  return (options, callback) => {
    let timer: NodeJS.Timeout | undefined
    const socket = (base as (...args: Parameters<buildConnector.connector>) => Socket | undefined)(options, (error, connected) => {
      clearTimeout(timer)
      if (error) callback(error, null)
      else callback(null, connected!)
    })
    timer = setTimeout(() => socket?.destroy(new errors.ConnectTimeoutError(`Connect Timeout Error (timeout: ${timeoutMs}ms)`)), timeoutMs)
    return socket
  }
}
