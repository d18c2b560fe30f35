import { exchangeFault, type NoAttributes } from './define.ts'

export const reset = exchangeFault<'reset', NoAttributes>({
  name: 'reset',
  summary: 'TCP reset of the connection',
  scope: 'exchange',
  attributeKeys: [],
  decode: () => ({}),
  shorthand: { example: '*:reset' },
  answer: () => ({ delivery: { kind: 'reset' }, reason: 'fault:reset' }),
})
