import { catalogueCode, numberAttribute, RETRY_AFTER, withOptional } from '../plan/attribute-readers.ts'
import { child, readEnum } from '../plan/fields.ts'
import { number, text, type PartResult } from '../plan/shorthand-parts.ts'
import { parseRate } from '../plan/shorthand-values.ts'
import { rateLimitCode } from '../engine/default-codes.ts'
import type { ExchangeSubject } from '../engine/subject.ts'
import { createTokenBucket, type KeyedTokenBucket } from '../sampling/token-bucket.ts'
import { exchangeFault } from './define.ts'
import { catalogueAnswer } from './deliveries.ts'

const KEYS = ['global', 'project', 'connection', 'target', 'topic'] as const

export interface RateLimitAttributes {
  /** What one bucket counts: everything, a project (flavour), a connection, a target, an APNs/Web Push topic. */
  key: (typeof KEYS)[number]
  capacity: number
  refillPerSecond: number
  /** Catalogue entry to answer with; default: the provider's own rate-limit answer. */
  code?: string
  retryAfterSeconds?: number
}

export const rateLimit = exchangeFault<'rate-limit', RateLimitAttributes, { retryAfterMs: number }, KeyedTokenBucket>({
  name: 'rate-limit',
  summary: "a token bucket; when empty, the provider's own rate-limit answer with Retry-After",
  scope: 'exchange',
  attributeKeys: ['key', 'capacity', 'refillPerSecond', 'code', 'retryAfterSeconds'],
  decode(c) {
    const key = readEnum(c.record.key, KEYS, child(c.path, 'key'), c.problems)
    const capacity = numberAttribute(c, 'capacity', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER }, true)
    const refillPerSecond = numberAttribute(c, 'refillPerSecond', { above: 0, max: Number.MAX_SAFE_INTEGER }, true)
    const code = catalogueCode(c, 'code', false)
    const retryAfterSeconds = numberAttribute(c, 'retryAfterSeconds', RETRY_AFTER, false)
    if (key === undefined || capacity === undefined || refillPerSecond === undefined) return undefined
    return withOptional({ key, capacity, refillPerSecond }, { code, retryAfterSeconds })
  },
  shorthand: {
    value: { parse: rate, example: 'rate-limit=600000/min' },
    keys: { key: text('attributes.key'), code: text('attributes.code'), 'retry-after': number('attributes.retryAfterSeconds') },
    requiredKeys: [['key', 'key=global|project|connection|target|topic']],
    example: 'fcm:rate-limit=100/min:key=project',
  },
  // Refill per virtual second and Retry-After in virtual seconds: at time scale 0.01 the run clock runs 100× faster, not the bucket.
  prepare: (attributes) => createTokenBucket({ capacity: attributes.capacity, refillPerSecond: attributes.refillPerSecond }),
  draw: ({ attributes, state }, subject, env) => {
    const taken = state.take(bucketKey(attributes.key, subject), env.now)
    return taken.ok ? null : { retryAfterMs: taken.retryAfterMs }
  },
  answer: ({ attributes, drawn }, ctx) => {
    const retryAfterSeconds = attributes.retryAfterSeconds ?? Math.max(1, Math.ceil(drawn.retryAfterMs / 1000))
    return catalogueAnswer(attributes.code ?? rateLimitCode(ctx.target), ctx, retryAfterSeconds)
  },
})

/** `600000/min` → 600000 tokens, refilled over a minute. */
function rate(value: string): PartResult {
  const parsed = parseRate(value)
  if (!parsed.ok) return parsed
  return { ok: true, assignments: [['attributes.capacity', parsed.value.capacity], ['attributes.refillPerSecond', parsed.value.refillPerSecond]] }
}

function bucketKey(key: RateLimitAttributes['key'], subject: ExchangeSubject): string {
  switch (key) {
    case 'global':
      return 'global'
    case 'project':
      return `${subject.provider}:${subject.flavour ?? ''}`
    case 'connection':
      return `${subject.provider}:${subject.connectionOrdinal}`
    case 'target':
      return `${subject.provider}:${subject.target ?? ''}`
    case 'topic':
      return `${subject.provider}:${subject.headers['apns-topic'] ?? subject.headers.topic ?? ''}`
  }
}
