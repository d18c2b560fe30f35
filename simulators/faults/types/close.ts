import { BYTE_COUNT, numberAttribute } from '../plan/attribute-readers.ts'
import { number } from '../plan/shorthand-parts.ts'
import { exchangeFault } from './define.ts'
import { withCut } from './deliveries.ts'

export interface CloseAttributes {
  /** Body bytes sent before the connection is closed. */
  afterBytes: number
}

export const close = exchangeFault<'close', CloseAttributes>({
  name: 'close',
  summary: 'send that many body bytes, then close the connection',
  scope: 'exchange',
  attributeKeys: ['afterBytes'],
  decode(c) {
    const afterBytes = numberAttribute(c, 'afterBytes', BYTE_COUNT, true)
    return afterBytes === undefined ? undefined : { afterBytes }
  },
  shorthand: { value: { parse: number('attributes.afterBytes'), example: 'close=1024' }, example: '*:close=1024' },
  shape: ({ attributes }, delivery) => withCut(delivery, { afterBytes: attributes.afterBytes, by: 'close' }),
})
