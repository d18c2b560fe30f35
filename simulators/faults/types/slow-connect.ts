import { sampleMs } from '../sampling/distributions.ts'
import { child } from '../plan/fields.ts'
import { distribution } from '../plan/shorthand-parts.ts'
import { decodeDistribution } from '../plan/validate-distribution.ts'
import type { Distribution } from '../spec.ts'
import { connectionFault } from './define.ts'

export interface SlowConnectAttributes {
  distribution: Distribution
}

export const slowConnect = connectionFault<'slow-connect', SlowConnectAttributes, number>({
  name: 'slow-connect',
  summary: 'hold a new connection before its TLS handshake or first byte',
  scope: 'connection',
  attributeKeys: ['distribution'],
  decode(c) {
    const distribution = decodeDistribution(c.record.distribution, child(c.path, 'distribution'), c.problems)
    return distribution === undefined ? undefined : { distribution }
  },
  shorthand: { value: { parse: distribution('attributes.distribution'), example: 'slow-connect=fixed(2s)' }, example: 'fcm:slow-connect=fixed(2s)' },
  draw: ({ attributes, rng }) => sampleMs(attributes.distribution, rng),
  contribute: ({ drawn }, behaviour) => {
    behaviour.acceptDelayMs += drawn
  },
})
