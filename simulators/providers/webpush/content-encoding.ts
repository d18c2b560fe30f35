import type { DecryptRef, SimRequest } from '../../kernel/exchange.ts'
import { decodeBase64Url } from './base64url.ts'
import { parseParamHeader } from './param-header.ts'
import type { EncodingProblem, PushFailure } from './push-failure.ts'

/**
 * Encryption checks on the hot path: headers and the RFC 8188 header
 * layout only; decryption happens later, off the hot path (decrypt.ts).
 * The header rules and messages are autopush's [src:
 * notification_headers.rs]; the body-layout checks are ours [interp].
 */
export type EncodingReading = { ref: Omit<DecryptRef, 'subscriptionId'> | undefined } | { failure: PushFailure }

const NO_BODY: EncodingReading = { ref: undefined }
const HEADER_LENGTH = 86
const TAG_LENGTH = 16

export function checkEncoding(request: SimRequest): EncodingReading {
  // RFC 8030: an empty push needs no encryption (autopush ignores the headers then).
  if (request.bodyLength === 0) return NO_BODY
  const encoding = request.headers['content-encoding']
  if (encoding === undefined) return failure('missing', 'Missing Content-Encoding header')
  if (encoding === 'aes128gcm') return checkAes128gcm(request)
  if (encoding === 'aesgcm') return checkAesgcm(request)
  return failure('unknown', 'Unknown Content-Encoding header')
}

function checkAes128gcm(request: SimRequest): EncodingReading {
  const headers = request.headers
  const misplaced = forbidParam(headers['encryption'], 'Encryption', 'salt') ?? forbidParam(headers['crypto-key'], 'Crypto-Key', 'dh')
  if (misplaced) return misplaced
  const body = request.body
  if (request.bodyLength < HEADER_LENGTH || body.length < HEADER_LENGTH) {
    return failure('body', 'aes128gcm content is shorter than its 86-byte header')
  }
  if (body[20] !== 65) return failure('body', 'aes128gcm keyid must be a 65-byte P-256 point')
  const recordSize = body.readUInt32BE(16)
  if (recordSize < 18) return failure('body', 'aes128gcm record size must be at least 18')
  const recordLength = request.bodyLength - HEADER_LENGTH
  if (recordLength < TAG_LENGTH + 1) return failure('body', 'aes128gcm content holds no record')
  // RFC 8291 §4: a push message is exactly one record.
  if (recordLength > recordSize) return failure('body', 'aes128gcm web push content must be a single record')
  return AES128GCM
}

const AES128GCM: EncodingReading = { ref: { encoding: 'aes128gcm' } }

function forbidParam(header: string | undefined, name: string, key: string): EncodingReading | undefined {
  if (header === undefined) return undefined
  const params = parseParamHeader(header)
  if (!params) return failure('headers', `Invalid aes128gcm ${name} header`)
  return params.has(key) ? failure('headers', `Do not include '${key}' header in aes128gcm ${name} header`) : undefined
}

function checkAesgcm(request: SimRequest): EncodingReading {
  const headers = request.headers
  const salt = requireParam(headers['encryption'], 'Encryption', 'salt', 16)
  if (typeof salt !== 'string') return salt
  if (headers['encryption-key'] !== undefined) {
    return failure('headers', 'Encryption-Key header is not valid for webpush draft 02 or later')
  }
  // Autopush lets Crypto-Key be absent; without dh nobody could decrypt, so we require it [interp].
  const dh = requireParam(headers['crypto-key'], 'Crypto-Key', 'dh', 65)
  if (typeof dh !== 'string') return dh
  if (request.bodyLength < TAG_LENGTH + 2) return failure('body', 'aesgcm content is shorter than one record')
  return { ref: { encoding: 'aesgcm', salt, dh } }
}

/** The named base64url item of the header, or the autopush failure for its absence. */
function requireParam(header: string | undefined, name: string, key: string, bytes: number): string | EncodingReading {
  if (header === undefined) return failure('headers', `Missing ${name} header`)
  const params = parseParamHeader(header)
  if (!params) return failure('headers', `Invalid ${name} header`)
  const value = params.get(key)
  if (value === undefined) return failure('headers', `Missing ${key} value in ${name} header`)
  // Autopush only checks the alphabet; the length check is ours, decryption needs it [interp].
  if (decodeBase64Url(value)?.length !== bytes) return failure('headers', `Invalid ${key} value in ${name} header`)
  return value
}

const failure = (problem: EncodingProblem, detail: string): EncodingReading => ({
  failure: { kind: 'encoding', problem, detail },
})
