import { constants, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2'
import type { PooledSession } from './apns-session.ts'
import type { ProviderResult } from './sender.ts'
import { transportError, transportErrorOf } from './transport-error.ts'
import { ioFairTimeout } from './io-fair-timeout.ts'

/** How a stream ended: with a result, or unprocessed by the server (refused, or past GOAWAY's last stream). */
export type StreamOutcome = { kind: 'settled'; result: ProviderResult } | { kind: 'unprocessed'; result: ProviderResult }

/**
 * Collects one stream's answer; closes it with CANCEL when no full answer
 * came within the read timeout. Resolves once the stream has closed.
 */
export function settleStream(stream: ClientHttp2Stream, session: PooledSession, readTimeoutMs: number): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    let status: number | undefined
    let headers: Record<string, string> = {}
    const chunks: Buffer[] = []
    let ended = false
    let error: unknown
    let timedOut = false
    const stopTimer = ioFairTimeout(() => {
      timedOut = true
      stream.close(constants.NGHTTP2_CANCEL)
    }, readTimeoutMs)
    stream.on('response', (received) => {
      status = Number(received[':status'])
      headers = plainHeaders(received)
    })
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => (ended = true))
    stream.on('error', (streamError) => (error = streamError))
    stream.on('close', () => {
      stopTimer()
      if (ended && status !== undefined) return resolve({ kind: 'settled', result: { kind: 'response', status, headers, body: Buffer.concat(chunks).toString('utf8') } })
      if (timedOut) return resolve({ kind: 'settled', result: transportError('read-timeout', `no answer within ${readTimeoutMs} ms`) })
      // A GOAWAY right behind the RST_STREAM explains it: let it arrive before judging.
      setImmediate(() => resolve(unanswered(stream, session, error)))
    })
  })
}

/**
 * §1.8: a stream refused (REFUSED_STREAM) or above GOAWAY's last stream id
 * was not processed and may be sent again; one at or below it was, or may
 * have been, and is not.
 */
function unanswered(stream: ClientHttp2Stream, session: PooledSession, error: unknown): StreamOutcome {
  const id = stream.id
  const goaway = session.goaway
  // The debug data (APNs' {"reason":…}) ends the message, so a classifier can read the reason.
  const after = goaway ? ` after GOAWAY (code ${goaway.code}, last stream ${goaway.lastStreamId}) ${goaway.debug}`.trimEnd() : ''
  if (goaway && (id === undefined || id > goaway.lastStreamId)) return { kind: 'unprocessed', result: transportError('goaway', `stream ${id} not processed${after}`) }
  if (stream.rstCode === constants.NGHTTP2_REFUSED_STREAM) return { kind: 'unprocessed', result: transportError(goaway ? 'goaway' : 'refused-stream', `stream ${id} refused${after}`) }
  if (goaway && goaway.code !== constants.NGHTTP2_NO_ERROR) return { kind: 'settled', result: transportError('goaway', `stream ${id} not answered${after}`) }
  // Anything else (RST_STREAM, a dropped connection) is a reset, unless the cause says more (a timeout).
  const cause = error instanceof Error ? transportErrorOf(error) : session.failure
  const known = cause?.kind === 'transport-error' ? cause : undefined
  const kind = known && known.error !== 'connection' ? known.error : 'reset'
  return { kind: 'settled', result: transportError(kind, `stream ${id} closed without an answer (RST_STREAM ${stream.rstCode ?? 'none'}${known ? `; ${known.message}` : ''})`) }
}

/** Lower-case names without pseudo-headers; repeated values joined with ", ". */
export function plainHeaders(received: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(received)) {
    if (name.startsWith(':') || value === undefined) continue
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return headers
}
