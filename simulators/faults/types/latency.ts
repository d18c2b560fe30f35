import { sampleMs } from '../sampling/distributions.ts'
import { enumAttribute } from '../plan/attribute-readers.ts'
import { child } from '../plan/fields.ts'
import { distribution, text } from '../plan/shorthand-parts.ts'
import { decodeDistribution } from '../plan/validate-distribution.ts'
import type { Distribution } from '../spec.ts'
import { exchangeFault } from './define.ts'

export interface LatencyAttributes {
  distribution: Distribution
  /** `headers` (default): before the headers; `body`: between headers and body. */
  stage?: 'headers' | 'body'
}

export const latency = exchangeFault<'latency', LatencyAttributes, number>({
  name: 'latency',
  summary: 'wait before the headers, or between headers and body',
  scope: 'exchange',
  attributeKeys: ['distribution', 'stage'],
  decode(c) {
    const distribution = decodeDistribution(c.record.distribution, child(c.path, 'distribution'), c.problems)
    const stage = enumAttribute(c, 'stage', ['headers', 'body'] as const)
    return distribution === undefined ? undefined : { distribution, stage: stage ?? 'headers' }
  },
  shorthand: {
    value: { parse: distribution('attributes.distribution'), example: 'latency=lognormal(50,400)' },
    keys: { stage: text('attributes.stage') },
    example: '*:latency=lognormal(50,400)',
  },
  /** The wait in simulated ms (the scheduler scales it). */
  draw: ({ attributes, rng }) => sampleMs(attributes.distribution, rng),
  wait: ({ attributes, drawn }) => ({ stage: attributes.stage ?? 'headers', ms: drawn }),
})
