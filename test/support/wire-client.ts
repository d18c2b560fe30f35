/**
 * One request through a real client — node:http2 for HTTP/2, node:http and
 * node:https for HTTP/1.1 — and everything it observed: the answer (or as
 * much of it as came), the error that ended it, GOAWAY frames, and whether
 * it gave up at its own timeout (as a sender does: RST_STREAM CANCEL on
 * HTTP/2, closing the socket on HTTP/1.1).
 */
import { request as httpRequest } from 'node:http'
import { connect, constants, type ClientHttp2Session } from 'node:http2'
import { request as httpsRequest } from 'node:https'
import { performance } from 'node:perf_hooks'

export interface Observation {
  status?: number
  headers?: Record<string, unknown>
  /** Body bytes received. */
  body: Buffer
  /** The answer ended properly (END_STREAM, or the full Content-Length). */
  complete: boolean
  /** What ended it otherwise: an HTTP/2 stream error code name, a socket error code, or `timeout` when the client gave up. */
  error?: string
  /** HTTP/2 GOAWAY frames seen on the connection: [code, lastStreamId, debug]. */
  goaways: [number, number, string][]
  /** Milliseconds from the request's end to the end of the observation. */
  elapsedMs: number
}

export interface WireRequest {
  url: string
  protocol: 'h2' | 'http/1.1'
  ca?: string
  path: string
  headers?: Record<string, string>
  body?: string
  /** The client gives up after this long (ms). */
  timeoutMs: number
  /** HTTP/2: keep watching the connection this long after the stream ended (a graceful GOAWAY's second frame). */
  lingerMs?: number
}

export function send(request: WireRequest): Promise<Observation> {
  return request.protocol === 'h2' ? sendH2(request) : sendH1(request)
}

// RFC 9113 §7, written out here rather than taken from the server's table.
const H2_CODE_NAMES = ['NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED', 'FRAME_SIZE_ERROR', 'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM', 'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED']

function sendH2(request: WireRequest): Promise<Observation> {
  return new Promise((resolve) => {
    const goaways: Observation['goaways'] = []
    const session: ClientHttp2Session = connect(request.url, request.ca ? { ca: request.ca } : {})
    session.on('error', () => {})
    session.on('goaway', (code, lastStreamId, debug) => goaways.push([code, lastStreamId, debug?.toString() ?? '']))
    const chunks: Buffer[] = []
    const observation: Observation = { body: Buffer.alloc(0), complete: false, goaways, elapsedMs: 0 }
    let startedAt = 0
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      observation.body = Buffer.concat(chunks)
      observation.elapsedMs = performance.now() - startedAt
      setTimeout(() => {
        session.destroy()
        resolve(observation)
      }, request.lingerMs ?? 20)
    }
    const stream = session.request({ ':method': 'POST', ':path': request.path, ...request.headers })
    stream.on('response', (headers) => {
      observation.status = Number(headers[':status'])
      observation.headers = headers
    })
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      // node:http2 ends a stream whose connection dropped too: only one closed without an error code got all of its answer.
      observation.complete = !stream.rstCode
      if (!observation.complete) observation.error ??= H2_CODE_NAMES[stream.rstCode!] ?? String(stream.rstCode)
      finish()
    })
    stream.on('error', (error: NodeJS.ErrnoException) => {
      observation.error ??= stream.rstCode !== undefined && stream.rstCode !== 0 ? (H2_CODE_NAMES[stream.rstCode] ?? String(stream.rstCode)) : (error.code ?? error.message)
      finish()
    })
    stream.on('close', () => {
      if (!observation.complete && stream.rstCode !== undefined && stream.rstCode !== 0) observation.error ??= H2_CODE_NAMES[stream.rstCode] ?? String(stream.rstCode)
      finish()
    })
    let timer: NodeJS.Timeout | undefined
    // The timeout counts from the request's end, as a sender's response timeout does (undici's headersTimeout).
    stream.end(request.body ?? '', () => {
      startedAt = performance.now()
      timer = setTimeout(() => {
        observation.error = 'timeout'
        // A sender giving up on one push: RST_STREAM CANCEL, the connection stays.
        stream.close(constants.NGHTTP2_CANCEL)
        finish()
      }, request.timeoutMs)
    })
    startedAt = performance.now()
  })
}

function sendH1(request: WireRequest): Promise<Observation> {
  return new Promise((resolve) => {
    const url = new URL(request.url + request.path)
    const body = request.body ?? ''
    const options = {
      method: 'POST',
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...request.headers },
      agent: false as const,
      ...(url.protocol === 'https:' ? { ca: request.ca, servername: 'localhost', ALPNProtocols: ['http/1.1'] } : {}),
    }
    const chunks: Buffer[] = []
    const observation: Observation = { body: Buffer.alloc(0), complete: false, goaways: [], elapsedMs: 0 }
    let startedAt = performance.now()
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      observation.body = Buffer.concat(chunks)
      observation.elapsedMs = performance.now() - startedAt
      resolve(observation)
    }
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) => {
      observation.status = res.statusCode
      observation.headers = res.headers
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        observation.complete = res.complete
        finish()
      })
      res.on('error', (error: NodeJS.ErrnoException) => {
        observation.error ??= error.code ?? error.message
        finish()
      })
      res.on('aborted', () => {
        observation.error ??= 'aborted'
        finish()
      })
    })
    req.on('error', (error: NodeJS.ErrnoException) => {
      observation.error ??= error.code ?? error.message
      finish()
    })
    let timer: NodeJS.Timeout | undefined
    // The timeout counts from the request's end, as a sender's response timeout does (undici's headersTimeout).
    req.end(body, () => {
      startedAt = performance.now()
      timer = setTimeout(() => {
        observation.error = 'timeout'
        // A sender giving up: it closes the connection (node's req.destroy ends the socket).
        req.destroy()
        finish()
      }, request.timeoutMs)
    })
  })
}
