import type { Clock } from '../../kernel/clock.ts'
import { respond, type ExchangeNote } from '../../kernel/exchange.ts'
import type { Rng } from '../../kernel/rng.ts'
import {
  CHROME_BAD_ENCODING,
  CHROME_BAD_FORMAT,
  CHROME_BAD_PAYLOAD,
  CHROME_BAD_TOPIC,
  CHROME_BAD_TTL,
  CHROME_BAD_URGENCY,
  CHROME_EXP_TOO_LONG,
  CHROME_GONE,
  CHROME_INTERNAL,
  CHROME_INVALID_JWT,
  CHROME_MISSING_AUTH,
  CHROME_NOT_FOUND,
  CHROME_SENDER_MISMATCH,
  CHROME_TEXT_TYPE,
  CHROME_TOO_LARGE,
  CHROME_VAPID_MISMATCH,
} from '../../catalogue/wire/chrome-texts.ts'
import { failureCode, type FlavourAnswers } from './flavour-answers.ts'
import type { AuthProblem, PushFailure } from './push-failure.ts'

/** Chrome's push service (FCM web-push endpoints): errors in plain text, worded as the catalogue's wire texts (protocols.md §3.5, §4.3). */
export function createChromeAnswers(clock: Clock, rng: Rng): FlavourAnswers {
  return {
    accepted({ origin, note }) {
      // Observed form: /0:1698742625827058%e609af1cf9fd7ecd (µs timestamp % 64-bit hex).
      const micros = clock.now() * 1000 + (rng.uint32() % 1000)
      return respond(201, { location: `${origin}/0:${micros}%${rng.bytes(8).toString('hex')}` }, undefined, note)
    },
    refused(failure, note) {
      const [status, body] = describe(failure)
      return respond(status, { 'content-type': CHROME_TEXT_TYPE }, body, withReason(note, failureCode(failure)))
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
