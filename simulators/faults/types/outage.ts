import { enumAttribute, numberAttribute, RETRY_AFTER, withOptional } from '../plan/attribute-readers.ts'
import { number, text } from '../plan/shorthand-parts.ts'
import { outageCode } from '../engine/default-codes.ts'
import { exchangeFault } from './define.ts'
import { catalogueAnswer } from './deliveries.ts'

export interface OutageAttributes {
  retryAfterSeconds?: number
  /** `unavailable` (default) or `shutdown` (APNs `Shutdown`, Apple web push `Shutdown`). */
  form?: 'unavailable' | 'shutdown'
}

export const outage = exchangeFault<'outage', OutageAttributes>({
  name: 'outage',
  summary: "503 with Retry-After in the provider's own form",
  scope: 'exchange',
  attributeKeys: ['retryAfterSeconds', 'form'],
  decode(c) {
    const retryAfterSeconds = numberAttribute(c, 'retryAfterSeconds', RETRY_AFTER, false)
    const form = enumAttribute(c, 'form', ['unavailable', 'shutdown'] as const)
    return withOptional({}, { retryAfterSeconds, form })
  },
  shorthand: {
    value: { parse: text('attributes.form') },
    keys: { 'retry-after': number('attributes.retryAfterSeconds') },
    example: '*:outage:window=10s-40s:retry-after=30',
  },
  answer: ({ attributes }, ctx) => catalogueAnswer(outageCode(ctx.target, attributes.form ?? 'unavailable'), ctx, attributes.retryAfterSeconds),
})
