import { BYTE_COUNT, numberAttribute, withOptional } from '../plan/attribute-readers.ts'
import { number } from '../plan/shorthand-parts.ts'
import { exchangeFault } from './define.ts'
import { withCut } from './deliveries.ts'

export interface HeadersOnlyAttributes {
  /** Body bytes sent after the headers before everything stops; default 0. */
  afterBytes?: number
}

export const headersOnly = exchangeFault<'headers-only', HeadersOnlyAttributes>({
  name: 'headers-only',
  summary: 'send the headers (and afterBytes of the body), then never end the answer',
  scope: 'exchange',
  attributeKeys: ['afterBytes'],
  decode(c) {
    const afterBytes = numberAttribute(c, 'afterBytes', BYTE_COUNT, false)
    return withOptional({}, { afterBytes })
  },
  shorthand: { value: { parse: number('attributes.afterBytes') }, example: 'apns:headers-only' },
  shape: ({ attributes }, delivery) => withCut(delivery, { afterBytes: attributes.afterBytes ?? 0, by: 'stall' }),
})
