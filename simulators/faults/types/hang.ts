import { exchangeFault, type NoAttributes } from './define.ts'

export const hang = exchangeFault<'hang', NoAttributes>({
  name: 'hang',
  summary: "never answer: the sender's timeout must fire",
  scope: 'exchange',
  attributeKeys: [],
  decode: () => ({}),
  shorthand: { example: 'webpush:hang' },
  answer: () => ({ delivery: { kind: 'hang' }, reason: 'fault:hang' }),
})
