import { enumAttribute, numberAttribute, UINT32, withOptional } from '../plan/attribute-readers.ts'
import { number } from '../plan/shorthand-parts.ts'
import { exchangeFault } from './define.ts'

export interface MaxStreamsAttributes {
  value: number
  /**
   * `always` (default): advertise `value` with the answer. `after-rejection`: APNs' observed collapse, `value`
   * after a 4xx/5xx answer and `restore` (default 1000) after the next success on that connection.
   */
  when?: 'always' | 'after-rejection'
  restore?: number
}

const COLLAPSED = 'faults:max-streams-collapsed'
const DEFAULT_RESTORE = 1000

export const maxStreams = exchangeFault<'max-streams', MaxStreamsAttributes>({
  name: 'max-streams',
  summary: 'change SETTINGS_MAX_CONCURRENT_STREAMS mid-connection, always or after a rejection',
  scope: 'exchange',
  attributeKeys: ['value', 'when', 'restore'],
  decode(c) {
    const value = numberAttribute(c, 'value', UINT32, true)
    const when = enumAttribute(c, 'when', ['always', 'after-rejection'] as const)
    const restore = numberAttribute(c, 'restore', UINT32, false)
    return value === undefined ? undefined : withOptional({ value }, { when, restore })
  },
  shorthand: { value: { parse: number('attributes.value'), example: 'max-streams=1' }, example: 'apns:max-streams=1' },
  shape: ({ attributes }, delivery, ctx) => {
    const streams = streamLimit(attributes, delivery.response.status, ctx.connectionState)
    return streams === undefined ? undefined : { ...delivery, effect: { ...delivery.effect, maxConcurrentStreams: streams } }
  },
})

/** The stream limit to advertise now, if any: always, or APNs' collapse after a rejection and restore after a success. */
function streamLimit(attributes: MaxStreamsAttributes, status: number, state: Record<string, unknown>): number | undefined {
  if (attributes.when !== 'after-rejection') return attributes.value
  if (status >= 400) {
    state[COLLAPSED] = true
    return attributes.value
  }
  if (!state[COLLAPSED]) return undefined
  state[COLLAPSED] = false
  return attributes.restore ?? DEFAULT_RESTORE
}
