import { booleanAttribute, h2CodeAttribute, numberAttribute, stringAttribute, UINT31, withOptional } from '../plan/attribute-readers.ts'
import { boolean, h2Code, text } from '../plan/shorthand-parts.ts'
import { exchangeFault } from './define.ts'
import { http2Code } from './deliveries.ts'

const NO_ERROR = 0x0

export interface GoawayAttributes {
  /** HTTP/2 error name or number; default NO_ERROR. */
  code?: number | string
  /** Streams above it were not processed (the adapter drops them unanswered). */
  lastStreamId?: number
  /** Sent as `{"reason":…}` debug data, as APNs does; absent: no debug data. */
  reason?: string
  /** RFC 9113 §6.8's two phases: GOAWAY with the largest stream id and a PING, then the final GOAWAY. */
  graceful?: boolean
}

export const goaway = exchangeFault<'goaway', GoawayAttributes>({
  name: 'goaway',
  summary: 'answer, then GOAWAY (with the reason as debug data), then close',
  scope: 'exchange',
  attributeKeys: ['code', 'lastStreamId', 'reason', 'graceful'],
  decode(c) {
    const code = h2CodeAttribute(c, false)
    const lastStreamId = numberAttribute(c, 'lastStreamId', UINT31, false)
    const reason = stringAttribute(c, 'reason')
    const graceful = booleanAttribute(c, 'graceful')
    return withOptional({}, { code, lastStreamId, reason, graceful })
  },
  shorthand: {
    // The value of a goaway is its reason (APNs sends `{"reason":"Shutdown"}`); code= sets the HTTP/2 code.
    value: { parse: text('attributes.reason') },
    keys: { code: h2Code('attributes.code'), graceful: boolean('attributes.graceful') },
    example: 'apns:goaway=Shutdown:every=1000',
  },
  /** After the chosen answer: the stream was processed unless lastStreamId says otherwise (then the adapter drops it). */
  shape: ({ attributes: { code, lastStreamId, reason, graceful } }, delivery) => ({
    kind: 'goaway',
    code: http2Code(code, NO_ERROR),
    ...(lastStreamId === undefined ? {} : { lastStreamId }),
    ...(reason === undefined ? {} : { debug: JSON.stringify({ reason }) }),
    response: delivery.response,
    ...(graceful === undefined ? {} : { graceful }),
  }),
})
