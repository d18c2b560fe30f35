import { catalogueCode, numberAttribute, RETRY_AFTER, withOptional } from '../plan/attribute-readers.ts'
import { number, text } from '../plan/shorthand-parts.ts'
import { exchangeFault } from './define.ts'
import { catalogueAnswer } from './deliveries.ts'

export interface ErrorAttributes {
  /** A catalogue entry (dashboard code, provider reason, `autopush:106`, …) or alias. */
  code: string
  /** Overrides the entry's own Retry-After (seconds, scaled by the time scale). */
  retryAfterSeconds?: number
}

export const error = exchangeFault<'error', ErrorAttributes>({
  name: 'error',
  summary: "answer with a catalogue entry in the target's own wire form",
  scope: 'exchange',
  attributeKeys: ['code', 'retryAfterSeconds'],
  decode(c) {
    const code = catalogueCode(c, 'code', true)
    const retryAfterSeconds = numberAttribute(c, 'retryAfterSeconds', RETRY_AFTER, false)
    return code === undefined ? undefined : withOptional({ code }, { retryAfterSeconds })
  },
  shorthand: {
    value: { parse: text('attributes.code'), example: 'error=Unregistered' },
    keys: { 'retry-after': number('attributes.retryAfterSeconds') },
    example: 'apns:error=Unregistered',
  },
  answer: ({ attributes }, ctx) => catalogueAnswer(attributes.code, ctx, attributes.retryAfterSeconds),
})
