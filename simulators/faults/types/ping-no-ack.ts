import { connectionFault, type NoAttributes } from './define.ts'

export const pingNoAck = connectionFault<'ping-no-ack', NoAttributes>({
  name: 'ping-no-ack',
  summary: "HTTP/2: never answer the client's PINGs",
  scope: 'connection',
  attributeKeys: [],
  decode: () => ({}),
  shorthand: { example: 'webpush:ping-no-ack' },
  contribute: (_fault, behaviour) => {
    behaviour.http2.ignorePings = true
  },
})
