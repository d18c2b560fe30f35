import { respond, type ExchangeNote } from '../../kernel/exchange.ts'
import type { Rng } from '../../kernel/rng.ts'
import type { FlavourAnswers } from './flavour-answers.ts'
import type { AuthProblem, PushFailure } from './push-failure.ts'

/**
 * Apple web push (web.push.apple.com): every answer carries `apns-id`,
 * errors are `{"reason":"…"}` (protocols.md §3.6, §4.2, §4.5). Apple pairs
 * no status with most reasons; the pairings below follow §3.6's "likely
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
      const [status, reason] = describe(failure)
      const headers = { 'content-type': 'application/json', 'apns-id': rng.uuid() }
      return respond(status, headers, JSON.stringify({ reason }), withReason(note, reason))
    },
  }
}

function describe(failure: PushFailure): [number, string] {
  switch (failure.kind) {
    case 'not-found':
      return [404, 'BadPath']
    case 'method':
      return [405, 'MethodNotAllowed']
    case 'ttl':
      return [400, 'BadTtl']
    case 'urgency':
      return [400, 'BadUrgency']
    case 'topic':
      return [400, 'BadWebPushTopic']
    case 'encoding':
      return [400, 'BadWebPushRequest']
    case 'auth':
      return [403, authReason(failure.problem)]
    case 'too-large':
      return [413, 'PayloadTooLarge']
    // No 410 body is documented; APNs lineage suggests Unregistered [interp, §3.6].
    case 'gone':
      return [410, 'Unregistered']
    case 'internal':
      return [500, 'InternalServerError']
  }
}

function authReason(problem: AuthProblem): string {
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
