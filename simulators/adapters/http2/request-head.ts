import type { HeaderBlock } from './hpack/index.ts'

/** A request's header block, checked and shaped as node:http2 shaped it for a 'stream' listener. */
export interface RequestHead {
  /** Lower-case names; repeats joined as node:http2 joins them. Frozen: shared by identical blocks. */
  readonly headers: Readonly<Record<string, string | undefined>>
  /** [name, value, …] as received, pseudo-headers included (duplicate detection needs them). */
  readonly rawHeaders: readonly string[]
  /** The declared content-length, checked against the DATA received. */
  readonly contentLength: number | undefined
}

/** Why a block is not a well-formed request (RFC 9113 §8.2–8.3); the stream is reset with PROTOCOL_ERROR. */
export interface MalformedRequest {
  readonly malformed: string
}

// Headers node:http2 keeps the first value of (lib/internal/http2/util.js kSingleValueHeaders).
const SINGLE_VALUE = new Set([
  ':status', ':method', ':authority', ':scheme', ':path', ':protocol',
  'access-control-allow-credentials', 'access-control-max-age', 'access-control-request-method',
  'age', 'authorization', 'content-encoding', 'content-language', 'content-length', 'content-location',
  'content-md5', 'content-range', 'content-type', 'date', 'dnt', 'etag', 'expires', 'from', 'host',
  'if-match', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'last-modified',
  'location', 'max-forwards', 'proxy-authorization', 'range', 'referer', 'retry-after', 'tk',
  'upgrade-insecure-requests', 'user-agent', 'x-content-type-options',
])
// Connection-specific fields have no meaning in HTTP/2 (RFC 9113 §8.2.2).
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])
const PSEUDO = new Set([':method', ':scheme', ':path', ':authority'])
const TOKEN_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/
const UPPER = /[A-Z]/
// RFC 9113 §8.2.1: no NUL, CR or LF, and no leading or trailing whitespace.
const BAD_VALUE = /[\0\r\n]|^[ \t]|[ \t]$/

// Identical blocks (a warm HPACK table makes most of them identical) are checked once.
const shaped = new WeakMap<HeaderBlock, RequestHead | MalformedRequest>()

export function requestHeadOf(block: HeaderBlock): RequestHead | MalformedRequest {
  let head = shaped.get(block)
  if (head === undefined) {
    head = shape(block.fields)
    shaped.set(block, head)
  }
  return head
}

function shape(fields: readonly string[]): RequestHead | MalformedRequest {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>
  let regularSeen = false
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i]!
    const value = fields[i + 1]!
    if (UPPER.test(name)) return { malformed: `upper-case header name ${JSON.stringify(name)}` }
    if (BAD_VALUE.test(value)) return { malformed: `invalid value for ${name}` }
    if (name.charCodeAt(0) === 0x3a) {
      if (regularSeen) return { malformed: `pseudo-header ${name} after a regular header` }
      if (!PSEUDO.has(name)) return { malformed: `unknown pseudo-header ${name}` }
      if (headers[name] !== undefined) return { malformed: `repeated ${name}` }
      headers[name] = value
      continue
    }
    regularSeen = true
    // nghttp2 drops a field whose name is not a token but lets the request through.
    if (!TOKEN_NAME.test(name)) continue
    if (CONNECTION_SPECIFIC.has(name)) return { malformed: `connection-specific header ${name}` }
    if (name === 'te' && value !== 'trailers') return { malformed: 'te other than "trailers"' }
    const existing = headers[name]
    if (existing === undefined) headers[name] = value
    else if (name === 'cookie') headers[name] = `${existing}; ${value}`
    else if (!SINGLE_VALUE.has(name)) headers[name] = `${existing}, ${value}`
  }
  const method = headers[':method']
  if (method === undefined) return { malformed: 'no :method' }
  if (method === 'CONNECT') {
    if (headers[':authority'] === undefined || headers[':scheme'] !== undefined || headers[':path'] !== undefined) return { malformed: 'CONNECT needs :authority and no :scheme or :path' }
  } else if (headers[':scheme'] === undefined || !headers[':path']) return { malformed: 'no :scheme or :path' }
  const declared = headers['content-length']
  let contentLength: number | undefined
  if (declared !== undefined) {
    if (!/^\d{1,15}$/.test(declared)) return { malformed: 'invalid content-length' }
    contentLength = Number(declared)
  }
  return { headers: Object.freeze(headers), rawHeaders: fields, contentLength }
}

/** Why trailers are malformed: no pseudo-header (RFC 9113 §8.1), and the field rules of §8.2 (as nghttp2 checks them). */
export function trailersMalformed(fields: readonly string[]): string | undefined {
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i]!
    if (name.charCodeAt(0) === 0x3a) return `pseudo-header ${name} in trailers`
    if (UPPER.test(name)) return `upper-case trailer name ${JSON.stringify(name)}`
    if (BAD_VALUE.test(fields[i + 1]!)) return `invalid value for ${name}`
    if (CONNECTION_SPECIFIC.has(name)) return `connection-specific trailer ${name}`
  }
  return undefined
}
