/**
 * An incremental, strict HTTP/1.1 request parser (RFC 9112) for the plain
 * HTTP listeners. It exists for speed: node:http builds an IncomingMessage,
 * a ServerResponse and their streams for every request and writes every
 * response with its own syscall, which costs more CPU than a simulator's
 * whole decision. Here a request is a plain object, and the connection
 * answers every request that arrived in one read with one write.
 *
 * Strict where node:http (llhttp) is strict: CRLF line endings, token
 * names, no obs-fold, one framing (Content-Length or chunked, never both),
 * a Host header in HTTP/1.1, 16 KiB of headers. Anything else is an error
 * with the status node:http would answer, after which the connection ends.
 */

/** node:http's defaults, so clients see the same limits as before. */
export const MAX_HEADER_BYTES = 16 * 1024
const MAX_HEADER_COUNT = 2000

export interface ParsedRequest {
  readonly method: string
  /** The request-target exactly as sent. */
  readonly target: string
  readonly versionMinor: 0 | 1
  /** [name, value, …] as received; frozen, and the same array for a byte-identical header block on the connection. */
  readonly rawHeaders: readonly string[]
  /** Lower-case names, joined as node:http joins them; frozen, shared like rawHeaders. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Buffer
  /** Full body length, even past the bytes kept. */
  readonly bodyLength: number
  readonly bodyOverflow: boolean
  /** The client allows the connection to stay open after the answer. */
  readonly keepAlive: boolean
}

export type ParseEvent =
  | { kind: 'request'; request: ParsedRequest }
  /** The client waits for `100 Continue` before sending its body. */
  | { kind: 'continue' }
  /** Malformed input: answer `status` and end the connection; nothing after it is read. */
  | { kind: 'error'; status: 400 | 413 | 431 | 501 | 505; reason: string }

export interface RequestParser {
  /** Feeds bytes; returns what they completed, in order. */
  push(chunk: Buffer): ParseEvent[]
  /** Where the request being received stands: none started, its head partly read, or its body partly read. */
  readonly receiving: 'nothing' | 'head' | 'body'
}

interface Head {
  readonly method: string
  readonly target: string
  readonly versionMinor: 0 | 1
  readonly rawHeaders: readonly string[]
  readonly headers: Readonly<Record<string, string>>
  readonly framing: { kind: 'length'; length: number } | { kind: 'chunked' }
  readonly keepAlive: boolean
  readonly expectContinue: boolean
}

type HeadResult = Head | { kind: 'error'; status: 400 | 501 | 505; reason: string }

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Field values: visible ASCII, obs-text, space and tab; no CR, LF or NUL (RFC 9110 §5.5).
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/
// method SP request-target SP HTTP-version (RFC 9112 §3); the target holds no spaces or controls.
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([\x21-\x7e\x80-\xff]+) (HTTP\/\d\.\d)$/
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,15})[\t ]*(?:;.*)?$/

// Repeats of these are dropped, keeping the first, as node:http does (its IncomingMessage#_addHeaderLine).
const SINGLE_VALUED = new Set([
  'age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since',
  'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent',
])

export function createRequestParser(maxBodyBytes: number): RequestParser {
  let buffered: Buffer | undefined
  let state: 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'failed' = 'head'
  let head: Head | undefined
  // The previous header block and its parse: clients repeat identical headers, and a shared frozen result is free to reuse.
  let lastHeadText = ''
  let lastHead: Head | undefined
  let remaining = 0
  let bodyChunks: Buffer[] = []
  let kept = 0
  let bodyLength = 0

  /** `whole`: the entire body is in this piece, handed over with its request in this very read. */
  const takeBody = (bytes: Buffer, whole: boolean): void => {
    bodyLength += bytes.length
    if (kept >= maxBodyBytes) return
    const piece = bytes.length <= maxBodyBytes - kept ? bytes : bytes.subarray(0, maxBodyBytes - kept)
    // A piece much smaller than the read it sits in is copied when the body waits for more reads: a body
    // kept a byte per read would otherwise pin every whole read, far past maxBodyBytes. A whole body is
    // not (the common case, on the hot path): it leaves with its request.
    bodyChunks.push(!whole && piece.length * 2 < piece.buffer.byteLength ? Buffer.from(piece) : piece)
    kept += piece.length
  }

  const complete = (): ParseEvent => {
    const h = head!
    const body = bodyChunks.length === 0 ? EMPTY : bodyChunks.length === 1 ? bodyChunks[0]! : Buffer.concat(bodyChunks, kept)
    const request: ParsedRequest = {
      method: h.method,
      target: h.target,
      versionMinor: h.versionMinor,
      rawHeaders: h.rawHeaders,
      headers: h.headers,
      body,
      bodyLength,
      bodyOverflow: bodyLength > maxBodyBytes,
      keepAlive: h.keepAlive,
    }
    head = undefined
    bodyChunks = []
    kept = 0
    bodyLength = 0
    state = 'head'
    return { kind: 'request', request }
  }

  const fail = (events: ParseEvent[], status: 400 | 413 | 431 | 501 | 505, reason: string): ParseEvent[] => {
    state = 'failed'
    buffered = undefined
    events.push({ kind: 'error', status, reason })
    return events
  }

  return {
    get receiving() {
      if (state === 'head') return buffered === undefined ? 'nothing' : 'head'
      return state === 'failed' ? 'nothing' : 'body'
    },
    push(chunk) {
      const events: ParseEvent[] = []
      if (state === 'failed') return events
      const data = buffered === undefined ? chunk : Buffer.concat([buffered, chunk])
      buffered = undefined
      let at = 0
      while (at < data.length || (state === 'body' && remaining === 0)) {
        if (state === 'head') {
          // Tolerate the empty lines some clients leave between requests (RFC 9112 §2.2).
          while (at + 1 < data.length && data[at] === 13 && data[at + 1] === 10) at += 2
          if (at >= data.length) break
          const end = data.indexOf(HEAD_END, at)
          // Up to 3 bytes held may be the start of the blank line, which does not count.
          const limit = at + MAX_HEADER_BYTES + 3
          if (end < 0) {
            // Answer garbage at once rather than wait for a blank line that will never come.
            const defect = headDefect(data, at, Math.min(data.length, limit))
            if (defect) return fail(events, defect.status, defect.reason)
            if (data.length > limit) return fail(events, 431, 'Request Header Fields Too Large')
            break
          }
          if (end - at > MAX_HEADER_BYTES) {
            const defect = headDefect(data, at, limit)
            return defect ? fail(events, defect.status, defect.reason) : fail(events, 431, 'Request Header Fields Too Large')
          }
          const headStart = at
          const text = data.toString('latin1', at, end)
          at = end + 4
          let parsed: HeadResult
          if (text === lastHeadText && lastHead) parsed = lastHead
          else {
            parsed = parseHead(text)
            if (!('kind' in parsed)) {
              lastHeadText = text
              lastHead = parsed
            }
          }
          if ('kind' in parsed) {
            // The answer a read ending inside this head would have given, so it does not depend on where reads end.
            const defect = headDefect(data, headStart, end + 4) ?? parsed
            return fail(events, defect.status, defect.reason)
          }
          head = parsed
          if (parsed.framing.kind === 'chunked') state = 'chunk-size'
          else {
            state = 'body'
            remaining = parsed.framing.length
          }
          if (parsed.expectContinue && (parsed.framing.kind === 'chunked' || parsed.framing.length > 0)) events.push({ kind: 'continue' })
          continue
        }
        if (state === 'body') {
          const take = Math.min(remaining, data.length - at)
          if (take > 0) takeBody(data.subarray(at, at + take), take === remaining && bodyChunks.length === 0)
          at += take
          remaining -= take
          if (remaining > 0) break
          events.push(complete())
          continue
        }
        if (state === 'chunk-size' || state === 'chunk-end' || state === 'trailers') {
          const eol = data.indexOf(CRLF, at)
          // A chunk-size or trailer line is held to the head's limit, whether or not its end arrived in the same read
          // (a CR held may be the start of its CRLF).
          if (eol < 0 ? data.length - at > MAX_HEADER_BYTES + 1 : eol - at > MAX_HEADER_BYTES) return fail(events, 400, 'Bad Request')
          if (eol < 0) break
          const line = data.toString('latin1', at, eol)
          at = eol + 2
          if (state === 'chunk-end') {
            if (line !== '') return fail(events, 400, 'Bad Request')
            state = 'chunk-size'
          } else if (state === 'trailers') {
            // Trailer fields are read and ignored; an empty line ends the message.
            if (line === '') events.push(complete())
            else if (line.indexOf(':') <= 0 || /[\r\n\0]/.test(line)) return fail(events, 400, 'Bad Request')
          } else {
            const size = CHUNK_SIZE.exec(line)
            if (!size) return fail(events, 400, 'Bad Request')
            remaining = parseInt(size[1]!, 16)
            state = remaining === 0 ? 'trailers' : 'chunk-data'
          }
          continue
        }
        if (state === 'chunk-data') {
          const take = Math.min(remaining, data.length - at)
          takeBody(data.subarray(at, at + take), false)
          at += take
          remaining -= take
          if (remaining > 0) break
          state = 'chunk-end'
          continue
        }
      }
      if (at < data.length) buffered = data.subarray(at)
      // A partial head or chunk line may sit in a large read buffer: copy it, so the rest can be freed.
      if (buffered !== undefined && buffered.length < 4096 && state !== 'body' && state !== 'chunk-data') buffered = Buffer.from(buffered)
      return events
    },
  }
}

const EMPTY = Buffer.alloc(0)
const HEAD_END = Buffer.from('\r\n\r\n')
const CRLF = Buffer.from('\r\n')

function parseHead(text: string): HeadResult {
  const lines = text.split('\r\n')
  const requestLine = REQUEST_LINE.exec(lines[0]!)
  if (!requestLine) return bad()
  const [, method, target, version] = requestLine as unknown as [string, string, string, string]
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return { kind: 'error', status: 505, reason: 'HTTP Version Not Supported' }
  const versionMinor = version === 'HTTP/1.1' ? 1 : 0
  if (lines.length - 1 > MAX_HEADER_COUNT) return bad()

  const rawHeaders: string[] = []
  // A plain object (V8 keeps a null-prototype one in slow dictionary mode, and providers read headers on every request);
  // own-property checks keep constructor or toString from joining onto Object's own, and __proto__ is defined, not set.
  const headers: Record<string, string> = {}
  let contentLength: string | undefined
  let transferEncoding: string | undefined
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    const colon = line.indexOf(':')
    // No name, a space before the colon, obs-fold, or a bare LF hidden in the line: all rejected (RFC 9112 §5).
    if (colon <= 0) return bad()
    const name = line.slice(0, colon)
    if (!TOKEN.test(name)) return bad()
    // Only optional whitespace (SP, HTAB) is trimmed: String#trim would also strip CR, LF, VT, FF and NBSP, hiding a bare CR or LF.
    const value = trimOws(line.slice(colon + 1))
    if (!FIELD_VALUE.test(value)) return bad()
    rawHeaders.push(name, value)
    const key = name.toLowerCase()
    if (key === 'content-length') {
      if (!/^\d{1,15}$/.test(value) || (contentLength !== undefined && contentLength !== value)) return bad()
      contentLength = value
    } else if (key === 'transfer-encoding') transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`
    const existing = Object.hasOwn(headers, key) ? headers[key] : undefined
    if (existing === undefined) setHeader(headers, key, value)
    else if (!SINGLE_VALUED.has(key)) setHeader(headers, key, `${existing}, ${value}`)
  }
  if (versionMinor === 1 && headers.host === undefined) return bad()

  let framing: Head['framing']
  if (transferEncoding !== undefined) {
    // Both framings at once is the request-smuggling shape: refuse it, as llhttp does.
    if (contentLength !== undefined) return bad()
    const codings = transferEncoding.toLowerCase().split(',').map((coding) => coding.trim())
    if (codings[codings.length - 1] !== 'chunked') return bad()
    if (codings.length > 1) return { kind: 'error', status: 501, reason: 'Not Implemented' }
    framing = { kind: 'chunked' }
  } else framing = { kind: 'length', length: contentLength === undefined ? 0 : Number(contentLength) }

  const connection = (headers.connection ?? '').toLowerCase()
  // Options are separated by commas and optional whitespace, SP or HTAB only (RFC 9110 §5.6.1): "close\xa0" is not "close".
  const keepAlive = versionMinor === 1 ? !/(?:^|,)[ \t]*close[ \t]*(?:,|$)/.test(connection) : /(?:^|,)[ \t]*keep-alive[ \t]*(?:,|$)/.test(connection)
  const expectContinue = versionMinor === 1 && (headers.expect ?? '').toLowerCase() === '100-continue'
  return {
    method,
    target,
    versionMinor,
    rawHeaders: Object.freeze(rawHeaders),
    headers: Object.freeze(headers),
    framing,
    keepAlive,
    expectContinue,
  }
}

const bad = (): HeadResult => ({ kind: 'error', status: 400, reason: 'Bad Request' })

/** Strips leading and trailing SP and HTAB (RFC 9110 §5.5 OWS), nothing else. */
/** headers[key] = value, except that `__proto__` becomes an own property instead of the object's prototype. */
function setHeader(headers: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(headers, key, { value, enumerable: true, writable: true, configurable: true })
  else headers[key] = value
}

function trimOws(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && (value.charCodeAt(start) === 32 || value.charCodeAt(start) === 9)) start++
  while (end > start && (value.charCodeAt(end - 1) === 32 || value.charCodeAt(end - 1) === 9)) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}

/**
 * The first defect in a head's bytes data[from, to), in byte order, as a
 * parser reading a byte at a time (llhttp) finds it: a control byte or a
 * bare LF (400), or, once the request line has ended, a malformed request
 * line (400) or an unsupported version (505). Undefined while the bytes
 * could still become a valid head. Judging by byte order makes the answer
 * the same however the head was split into reads.
 */
function headDefect(data: Buffer, from: number, to: number): { status: 400 | 505; reason: string } | undefined {
  let lineEnded = false
  for (let i = from; i < to; i++) {
    const byte = data[i]!
    if (byte === 10) {
      if (i === from || data[i - 1] !== 13) return BAD_REQUEST
      if (!lineEnded) {
        lineEnded = true
        const line = REQUEST_LINE.exec(data.toString('latin1', from, i - 1))
        if (!line) return BAD_REQUEST
        if (line[3] !== 'HTTP/1.1' && line[3] !== 'HTTP/1.0') return VERSION_NOT_SUPPORTED
      }
    } else if ((byte < 0x20 && byte !== 9 && byte !== 13) || byte === 0x7f) return BAD_REQUEST
  }
  return undefined
}

const BAD_REQUEST = { status: 400, reason: 'Bad Request' } as const
const VERSION_NOT_SUPPORTED = { status: 505, reason: 'HTTP Version Not Supported' } as const
