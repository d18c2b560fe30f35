import { BASE64URL_UNPADDED } from './base64url.ts'
import type { PushFailure } from './push-failure.ts'

/**
 * RFC 8030 §5.2–5.4 header rules. Adapters join a repeated header with
 * ", " (as Node does), so a repeated TTL or Urgency never parses as a
 * single valid value and is refused like any malformed one.
 */
export type TtlReading = { ttl: number } | { failure: PushFailure }

const INTEGER = /^[+-]?\d+$/

/** Autopush caps at 30 days and reports the value used [src: MAX_NOTIFICATION_TTL_SECS]. */
export const MAX_AUTOPUSH_TTL = 30 * 86_400

// Autopush parses TTL as i64: "+5" is accepted, "-1" is a validation error (errno 114).
export function readTtl(value: string | undefined): TtlReading {
  if (value === undefined || !INTEGER.test(value)) return MISSING_TTL
  const ttl = Number(value)
  // `+ 0` turns "-0" into 0.
  return ttl < 0 ? NEGATIVE_TTL : { ttl: ttl + 0 }
}

const MISSING_TTL: TtlReading = { failure: { kind: 'ttl', problem: 'missing' } }
const NEGATIVE_TTL: TtlReading = { failure: { kind: 'ttl', problem: 'negative' } }

const URGENCIES = new Set(['very-low', 'low', 'normal', 'high'])
const BAD_URGENCY: PushFailure = { kind: 'urgency' }

export function checkUrgency(value: string | undefined): PushFailure | undefined {
  return value === undefined || URGENCIES.has(value) ? undefined : BAD_URGENCY
}

const TOPIC_LENGTH: PushFailure = { kind: 'topic', problem: 'length' }
const TOPIC_ALPHABET: PushFailure = { kind: 'topic', problem: 'alphabet' }

/** Topic: at most 32 characters of the URL-safe base64 alphabet (RFC 8030 §5.4). */
export function checkTopic(value: string | undefined): PushFailure | undefined {
  if (value === undefined) return undefined
  if (value.length > 32) return TOPIC_LENGTH
  return BASE64URL_UNPADDED.test(value) ? undefined : TOPIC_ALPHABET
}
