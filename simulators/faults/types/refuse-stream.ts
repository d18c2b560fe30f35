import { exchangeFault, type NoAttributes } from './define.ts'

export const refuseStream = exchangeFault<'refuse-stream', NoAttributes>({
  name: 'refuse-stream',
  summary: 'RST_STREAM REFUSED_STREAM: not processed, safe to retry (HTTP/1.1: closed unanswered)',
  scope: 'exchange',
  attributeKeys: [],
  decode: () => ({}),
  shorthand: { example: 'apns:refuse-stream' },
  answer: () => ({ delivery: { kind: 'refuse' }, reason: 'fault:refuse-stream' }),
})
