import { numberAttribute } from '../plan/attribute-readers.ts'
import { number } from '../plan/shorthand-parts.ts'
import { exchangeFault } from './define.ts'

export interface DribbleAttributes {
  /** Body bytes per simulated second (the adapter scales it by the time scale). */
  bytesPerSecond: number
}

export const dribble = exchangeFault<'dribble', DribbleAttributes>({
  name: 'dribble',
  summary: "write the answer's body at that many bytes per second",
  scope: 'exchange',
  attributeKeys: ['bytesPerSecond'],
  decode(c) {
    const bytesPerSecond = numberAttribute(c, 'bytesPerSecond', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER }, true)
    return bytesPerSecond === undefined ? undefined : { bytesPerSecond }
  },
  shorthand: { value: { parse: number('attributes.bytesPerSecond'), example: 'dribble=400' }, example: 'fcm:dribble=400' },
  // Of two dribbles, the slower one sets the pace.
  shape: ({ attributes: { bytesPerSecond } }, delivery) =>
    delivery.bytesPerSecond !== undefined && delivery.bytesPerSecond <= bytesPerSecond ? undefined : { ...delivery, bytesPerSecond },
})
