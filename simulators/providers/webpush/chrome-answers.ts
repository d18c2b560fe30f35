import type { Clock } from '../../kernel/clock.ts'
import { respond, type ExchangeNote } from '../../kernel/exchange.ts'
import type { Rng } from '../../kernel/rng.ts'
import { failureCode, type FlavourAnswers } from './flavour-answers.ts'
import type { AuthProblem, PushFailure } from './push-failure.ts'

/**
 * Chrome's push service (FCM web-push endpoints): errors are
 * `text/plain; charset=utf-8`, not JSON (protocols.md §3.5, §4.3). Bodies
 * marked [obs] are verbatim observations; the rest are our wording [interp],
 * because nobody has published what FCM says in those cases.
 */
const TEXT = 'text/plain; charset=utf-8'

// [obs: pushpad/web-push#14, web-push#940]; the URL is a fixed example in the real body.
export const CHROME_NOT_FOUND =
  'A valid push subscription endpoint should be specified in the URL as such: https://fcm.googleapis.com/wp/dHIoDxE7Hdg:APA91bH1Zj0kNa...'
export const CHROME_GONE = 'push subscription has unsubscribed or expired.\n'
export const CHROME_MISSING_AUTH = 'authorization header must be specified.\n' // [obs: web-push-php#265, #293, #325]
export const CHROME_VAPID_MISMATCH =
  'the VAPID credentials in the authorization header do not correspond to the credentials used to create the subscriptions.'
export const CHROME_SENDER_MISMATCH =
  'the key in the authorization header does not correspond to the sender ID used to subscribe this user. Please ensure you are using the correct sender ID and server Key from the Firebase console.\n'
export const CHROME_INVALID_JWT = 'permission denied: invalid JWT provided\n' // the newer of the two observed forms
export const CHROME_EXP_TOO_LONG = 'exp claim MUST NOT be more than 24 hours from the time of the request'
export const CHROME_BAD_FORMAT =
  'authorization header had invalid format. authorization header should have the following format: t=jwtToken; k=base64(publicApplicationServerKey)'

// [interp] texts, in FCM's lower-case sentence style.
export const CHROME_BAD_TTL = 'a valid TTL header must be specified.\n'
export const CHROME_BAD_URGENCY = 'urgency header must be one of very-low, low, normal or high.\n'
export const CHROME_BAD_TOPIC = 'topic header must be at most 32 characters from the URL-safe base64 alphabet.\n'
export const CHROME_BAD_ENCODING = 'content-encoding must be aes128gcm, or aesgcm with Encryption and Crypto-Key headers.\n'
export const CHROME_BAD_PAYLOAD = 'encrypted payload is malformed.\n'
export const CHROME_TOO_LARGE = 'payload too large: the maximum is 4096 bytes.\n'
export const CHROME_INTERNAL = 'internal error.\n'

export function createChromeAnswers(clock: Clock, rng: Rng): FlavourAnswers {
  return {
    accepted({ origin, note }) {
      // Observed form: /0:1698742625827058%e609af1cf9fd7ecd (µs timestamp % 64-bit hex).
      const micros = clock.now() * 1000 + (rng.uint32() % 1000)
      return respond(201, { location: `${origin}/0:${micros}%${rng.bytes(8).toString('hex')}` }, undefined, note)
    },
    refused(failure, note) {
      const [status, body] = describe(failure)
      return respond(status, { 'content-type': TEXT }, body, withReason(note, failureCode(failure)))
    },
  }
}

function describe(failure: PushFailure): [number, string] {
  switch (failure.kind) {
    case 'not-found':
      return [404, CHROME_NOT_FOUND]
    // FCM routes only POST here; any other method looks like an unknown URL [interp].
    case 'method':
      return [404, CHROME_NOT_FOUND]
    case 'ttl':
      return [400, CHROME_BAD_TTL]
    case 'urgency':
      return [400, CHROME_BAD_URGENCY]
    case 'topic':
      return [400, CHROME_BAD_TOPIC]
    case 'encoding':
      return [400, failure.problem === 'body' ? CHROME_BAD_PAYLOAD : CHROME_BAD_ENCODING]
    case 'auth':
      return describeAuth(failure.problem)
    case 'too-large':
      return [413, CHROME_TOO_LARGE]
    case 'gone':
      return [410, CHROME_GONE]
    case 'internal':
      return [500, CHROME_INTERNAL]
  }
}

function describeAuth(problem: AuthProblem): [number, string] {
  switch (problem) {
    case 'missing':
      return [401, CHROME_MISSING_AUTH]
    case 'gcm-key':
      return [403, CHROME_SENDER_MISMATCH]
    case 'key-mismatch':
      return [403, CHROME_VAPID_MISMATCH]
    case 'exp-too-long':
      return [403, CHROME_EXP_TOO_LONG]
    case 'unknown-scheme':
    case 'missing-token':
    case 'missing-key':
    case 'invalid-key':
    case 'crypto-key':
      return [403, CHROME_BAD_FORMAT]
    default:
      return [403, CHROME_INVALID_JWT]
  }
}

const withReason = (note: ExchangeNote, reason: string): ExchangeNote => ({ ...note, reason })
