import { respond, type ExchangeNote } from '../../kernel/exchange.ts'
import type { Rng } from '../../kernel/rng.ts'
import { APPLE_JSON_TYPE, APPLE_WEB_REASON_STATUS, appleReasonBody, type AppleWebReason } from '../../catalogue/wire/apple-web.ts'
import type { FlavourAnswers } from './flavour-answers.ts'
import type { AuthProblem, PushFailure } from './push-failure.ts'

/**
 * Apple web push (web.push.apple.com): every answer carries `apns-id`,
 * errors are `{"reason":"…"}` (protocols.md §3.6, §4.2, §4.5). Apple pairs
 * no status with most reasons; the catalogue's table follows §3.6's "likely
 * status" column [interp].
 */
export function createAppleAnswers(rng: Rng): FlavourAnswers {
  return {
    accepted({ origin, note }) {
      const apnsId = rng.uuid()
      // Apple documents only apns-id; RFC 8030 requires a Location, so we
      // derive one from it [interp].
      return respond(201, { 'apns-id': apnsId, location: `${origin}/m/${apnsId}` }, undefined, note)
    },
    refused(failure, note) {
      const reason = describe(failure)
      const headers = { 'content-type': APPLE_JSON_TYPE, 'apns-id': rng.uuid() }
      return respond(APPLE_WEB_REASON_STATUS[reason], headers, appleReasonBody(reason), withReason(note, reason))
    },
  }
}

function describe(failure: PushFailure): AppleWebReason {
  switch (failure.kind) {
    case 'not-found':
      return 'BadPath'
    case 'method':
      return 'MethodNotAllowed'
    case 'ttl':
      return 'BadTtl'
    case 'urgency':
      return 'BadUrgency'
    case 'topic':
      return 'BadWebPushTopic'
    case 'encoding':
      return 'BadWebPushRequest'
    case 'auth':
      return authReason(failure.problem)
    case 'too-large':
      return 'PayloadTooLarge'
    // No 410 body is documented; APNs lineage suggests Unregistered [interp, §3.6].
    case 'gone':
      return 'Unregistered'
    case 'internal':
      return 'InternalServerError'
  }
}

function authReason(problem: AuthProblem): AppleWebReason {
  switch (problem) {
    case 'gcm-key':
    case 'unknown-scheme':
    case 'missing-token':
      return 'BadAuthorizationHeader'
    case 'missing-key':
    case 'invalid-key':
    case 'crypto-key':
      return 'BadVapidPublicKey'
    case 'key-mismatch':
      return 'VapidPkHashMismatch'
    // JWT missing, wrong key, bad sub/aud/exp all fold into BadJwtToken [doc/obs].
    default:
      return 'BadJwtToken'
  }
}

const withReason = (note: ExchangeNote, reason: string): ExchangeNote => ({ ...note, reason })
