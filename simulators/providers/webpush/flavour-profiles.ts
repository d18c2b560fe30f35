import type { Clock } from '../../kernel/clock.ts'
import type { Rng } from '../../kernel/rng.ts'
import { createAppleAnswers } from './apple-answers.ts'
import { createAutopushAnswers } from './autopush-answers.ts'
import { createChromeAnswers } from './chrome-answers.ts'
import type { FlavourAnswers } from './flavour-answers.ts'
import {
  bindKey,
  checkContentEncoding,
  checkSize,
  checkState,
  checkTopicHeader,
  checkTtlPresent,
  checkTtlSign,
  checkUrgencyHeader,
  readAuth,
  verifyJwt,
  type FlavourRules,
  type Stage,
} from './push-stages.ts'
import type { Browser } from './types.ts'

/** Everything that differs between push services: limits, check order, wording. */
export interface FlavourProfile {
  rules: FlavourRules
  stages: readonly Stage[]
  answers: FlavourAnswers
}

/**
 * autoendpoint's order [src: extractors/subscription.rs, notification.rs,
 * notification_headers.rs]: auth header and key hash, then the user lookup
 * (410), then the JWT, then the body size, TTL presence, encryption, and
 * last the validator (negative TTL, Topic). Urgency is not read by
 * autopush; it goes last.
 */
const AUTOPUSH_STAGES: readonly Stage[] = [
  readAuth,
  bindKey,
  checkState,
  verifyJwt,
  checkSize,
  checkTtlPresent,
  checkContentEncoding,
  checkTtlSign,
  checkTopicHeader,
  checkUrgencyHeader,
]

/**
 * Chrome and Apple publish no order. We authenticate first, then validate
 * the request, and report a dead subscription only for a push that would
 * otherwise have been accepted, as APNs does with Unregistered [interp].
 */
const DEFAULT_STAGES: readonly Stage[] = [
  readAuth,
  bindKey,
  verifyJwt,
  checkTtlPresent,
  checkTtlSign,
  checkUrgencyHeader,
  checkTopicHeader,
  checkSize,
  checkContentEncoding,
  checkState,
]

export function createFlavourProfiles(clock: Clock, rng: Rng): Record<Browser, FlavourProfile> {
  const idRng = rng.fork('webpush/messages')
  const autopush: FlavourProfile = {
    // 5630 bytes: autopush's max_data_bytes default [src: settings.rs].
    rules: { maxBodyBytes: 5630, allowBearer: true, claims: { requireSubject: true, rejectLocalhostSubject: false } },
    stages: AUTOPUSH_STAGES,
    answers: createAutopushAnswers(clock, idRng),
  }
  return {
    chrome: {
      // Chrome does not insist on `sub` (protocols.md §3.3 names only Mozilla and Apple).
      rules: { maxBodyBytes: 4096, allowBearer: false, claims: { requireSubject: false, rejectLocalhostSubject: false } },
      stages: DEFAULT_STAGES,
      answers: createChromeAnswers(clock, idRng),
    },
    firefox: autopush,
    kaios: autopush,
    safari: {
      rules: { maxBodyBytes: 4096, allowBearer: false, claims: { requireSubject: true, rejectLocalhostSubject: true } },
      stages: DEFAULT_STAGES,
      answers: createAppleAnswers(idRng),
    },
  }
}
