import type { Clock } from '../../kernel/clock.ts'
import { respond, type ExchangeNote } from '../../kernel/exchange.ts'
import type { Rng } from '../../kernel/rng.ts'
import { autopushErrorBody, autopushErrorHeaders } from '../../catalogue/wire/autopush.ts'
import { failureCode, type FlavourAnswers } from './flavour-answers.ts'
import { MAX_AUTOPUSH_TTL } from './push-headers.ts'
import type { AuthProblem, PushFailure } from './push-failure.ts'

/**
 * Mozilla autopush (Firefox; KaiOS runs a derivative): every error is the
 * JSON of error.rs — {code, errno, error, message, more_info} — and every
 * 410 carries `Cache-Control: max-age=86400` (protocols.md §3.4), as the
 * catalogue's wire forms build them.
 */
export const CLAIMS_MESSAGE =
  'Invalid VAPID token: A value in the vapid claims is either missing or incorrectly specified (e.g. "exp":"12345" or "sub":null). Please correct and retry.'

type Described = [status: number, errno: number | null, message: string]

export function createAutopushAnswers(clock: Clock, rng: Rng): FlavourAnswers {
  return {
    accepted({ origin, ttl, note }) {
      const headers = { location: `${origin}/m/${messageId(clock, rng)}`, ttl: String(Math.min(ttl, MAX_AUTOPUSH_TTL)) }
      return respond(201, headers, undefined, note)
    },
    refused(failure, note) {
      // actix answers a non-POST on the POST-only /wpush resource with a bare 405 [interp from server.rs].
      if (failure.kind === 'method') return respond(405, {}, undefined, withReason(note, failureCode(failure)))
      const [status, errno, message] = describe(failure)
      const body = JSON.stringify(autopushErrorBody(status, errno, message))
      return respond(status, autopushErrorHeaders(status), body, withReason(note, errno === null ? failureCode(failure) : String(errno)))
    },
  }
}

/**
 * Autopush message ids are Fernet tokens (0x80 ‖ timestamp ‖ IV ‖ AES-CBC
 * ciphertext ‖ HMAC). We draw a look-alike: 153 bytes, so no padding.
 */
function messageId(clock: Clock, rng: Rng): string {
  const token = Buffer.allocUnsafe(153)
  token[0] = 0x80
  // 64-bit big-endian seconds; the high word stays 0 until 2106.
  token.writeUInt32BE(0, 1)
  token.writeUInt32BE(Math.floor(clock.now() / 1000) >>> 0, 5)
  rng.bytes(144).copy(token, 9)
  return token.toString('base64url')
}

function describe(failure: PushFailure): Described {
  switch (failure.kind) {
    case 'not-found':
      return [404, 102, failure.problem === 'bad-version' ? 'Invalid API version' : 'Invalid token']
    case 'ttl':
      return failure.problem === 'missing' ? [400, 111, 'Missing TTL value'] : [400, 114, 'TTL must be greater than 0']
    // Autopush does not read Urgency; the brief asks for a 400, and no errno fits [interp].
    case 'urgency':
      return [400, null, 'Urgency must be one of very-low, low, normal, high']
    case 'topic':
      return [
        400,
        113,
        failure.problem === 'length' ? 'Topic must be no greater than 32 characters' : 'Topic must be URL and Filename safe Base64 alphabet',
      ]
    case 'encoding':
      return [400, 110, failure.detail]
    case 'auth':
      return failure.problem === 'crypto-key' ? [400, 110, failure.detail ?? ''] : [401, 109, authMessage(failure.problem, failure.detail)]
    // actix-http PayloadError::Overflow text, surfaced through ApiErrorKind::PayloadError [src-derived].
    case 'too-large':
      return [413, 104, 'A payload reached size limit.']
    // Mapping per protocols.md §4.2: browser_unsubscribed → 103, token_invalid → 106.
    case 'gone':
      return failure.state === 'unsubscribed' ? [410, 103, 'UAID not found'] : [410, 106, 'No such subscription']
    default:
      return [500, 999, 'An internal error occurred']
  }
}

// VapidError and jsonwebtoken messages [src: headers/vapid.rs, extractors/subscription.rs].
function authMessage(problem: AuthProblem, detail: string | undefined): string {
  switch (problem) {
    case 'missing':
    case 'missing-key':
      return 'Missing VAPID public key'
    case 'gcm-key':
    case 'missing-token':
      return 'Missing VAPID token'
    case 'unknown-scheme':
      return 'Unknown auth scheme'
    case 'invalid-key':
      return `Invalid VAPID public key: ${detail ?? 'invalid'}`
    case 'key-mismatch':
      return 'VAPID public key mismatch'
    case 'malformed-token':
      return detail ?? 'InvalidToken'
    case 'bad-signature':
      return 'InvalidSignature'
    case 'bad-claims':
      return CLAIMS_MESSAGE
    case 'expired':
      return 'ExpiredSignature'
    case 'exp-too-long':
      return 'The VAPID token expiration is too long'
    case 'bad-audience':
      return 'Invalid VAPID audience'
    case 'empty-subject':
      return 'Empty sub string'
    default:
      return 'Improperly formatted sub string'
  }
}

const withReason = (note: ExchangeNote, reason: string): ExchangeNote => ({ ...note, reason })
