import { BYTE_COUNT, h2CodeAttribute, numberAttribute, withOptional } from '../plan/attribute-readers.ts'
import { h2Code, number } from '../plan/shorthand-parts.ts'
import { exchangeFault } from './define.ts'
import { http2Code, withCut } from './deliveries.ts'

const INTERNAL_ERROR = 0x2

export interface RstStreamAttributes {
  /** HTTP/2 error name (`CANCEL`) or number. */
  code: number | string
  /** Answer the headers and this many body bytes first; absent: RST_STREAM instead of any answer. */
  afterBytes?: number
}

/**
 * Without `afterBytes` it answers by itself (RST_STREAM, no answer); with
 * it, it shapes the chosen answer (cut after that many body bytes).
 */
export const rstStream = exchangeFault<'rst-stream', RstStreamAttributes>({
  name: 'rst-stream',
  summary: 'HTTP/2 RST_STREAM on that stream, instead of the answer or after part of it',
  scope: 'exchange',
  attributeKeys: ['code', 'afterBytes'],
  decode(c) {
    const code = h2CodeAttribute(c, true)
    const afterBytes = numberAttribute(c, 'afterBytes', BYTE_COUNT, false)
    return code === undefined ? undefined : withOptional({ code }, { afterBytes })
  },
  shorthand: {
    value: { parse: h2Code('attributes.code'), example: 'rst-stream=CANCEL' },
    keys: { code: h2Code('attributes.code'), 'after-bytes': number('attributes.afterBytes') },
    example: 'apns:rst-stream=INTERNAL_ERROR:after-bytes=5',
  },
  answer: ({ attributes }) =>
    attributes.afterBytes === undefined ? { delivery: { kind: 'rst-stream', code: http2Code(attributes.code, INTERNAL_ERROR) }, reason: 'fault:rst-stream' } : undefined,
  shape: ({ attributes }, delivery) =>
    attributes.afterBytes === undefined ? undefined : withCut(delivery, { afterBytes: attributes.afterBytes, by: 'rst-stream', code: http2Code(attributes.code, INTERNAL_ERROR) }),
})
