import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../simulators/kernel/rng.ts'
import { decodeScenario } from '../../scenarios/decode/scenario.ts'
import type { DeviceOfPerson } from '../../scenarios/plan-types.ts'
import { APP_STATES, CHANNELS } from '../../scenarios/types.ts'
import { platformOf } from '../run/audience-book.ts'
import { decide } from './behaviour.ts'

const plan = (() => {
  const result = decodeScenario({
    name: 'b',
    clock: { start: '2026-03-01T00:00:00Z' },
    audience: { persons: 1 },
    workload: { phases: [{ name: 'p', executors: [] }] },
    devices: { behaviour: { ios: { foreground: { delivered: 1, opened: 1, converted: 1 } }, android: { foreground: { delivered: 1, opened: 1, converted: 1 } }, web: { foreground: { delivered: 1, opened: 1, converted: 1 } } } },
  })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.plan.devices
})()

const device = fc.record({
  id: fc.constant('d'),
  channel: fc.constantFrom(...CHANNELS),
  token: fc.constant('t'),
  tokenState: fc.constant('valid' as const),
  sdk: fc.boolean(),
  optIn: fc.boolean(),
  appState: fc.constantFrom(...APP_STATES),
  online: fc.boolean(),
  doze: fc.boolean(),
  lastUsedAt: fc.constant('2026-03-01T00:00:00Z'),
}) as fc.Arbitrary<DeviceOfPerson>

describe('what a simulated device reports (push-semantics §6)', () => {
  it('never reports without the SDK, offline for good, or on iOS without opt-in; Safari never reports delivered; opened and converted need what comes before', () => {
    fc.assert(
      fc.property(device, fc.string(), fc.boolean(), (d, seed, offline) => {
        const decision = decide(d, platformOf(d.channel), plan, createRng(seed), offline)
        if (!d.sdk || !d.online || (d.channel === 'apns' && !d.optIn)) expect([decision.delivered, decision.opened, decision.converted]).toEqual([false, false, false])
        if (d.channel === 'webpush-safari') {
          expect(decision.delivered).toBe(false)
          expect(decision.reason === 'safari-no-events' || decision.reason === 'no-sdk' || decision.reason === 'offline').toBe(true)
        }
        if (decision.converted) expect(decision.opened).toBe(true)
        if (decision.opened && d.channel !== 'webpush-safari') expect(decision.delivered).toBe(true)
        if (d.channel === 'fcm' && !d.optIn) expect(decision.opened).toBe(false)
        if (decision.delivered) expect(decision.reason).toBeNull()
        else expect(decision.reason).not.toBeNull()
        if (decision.openedAfterMs !== undefined && decision.deliveredAfterMs !== undefined) expect(decision.openedAfterMs).toBeGreaterThanOrEqual(decision.deliveredAfterMs)
      }),
    )
  })

  it('Android reports delivered without opt-in (but shows nothing to open); a dozing background app reports only once opened, hours later', () => {
    const android: DeviceOfPerson = { id: 'd', channel: 'fcm', token: 't', tokenState: 'valid', sdk: true, optIn: false, appState: 'foreground', online: true, doze: false, lastUsedAt: '' }
    const decision = decide(android, 'android', plan, createRng('x'), false)
    expect(decision.delivered).toBe(true)
    expect(decision.opened).toBe(false)
    const dozing = { ...android, optIn: true, appState: 'background' as const, doze: true }
    const awake = { ...dozing, doze: false }
    const later = decide(dozing, 'android', plan, createRng('y'), false).deliveredAfterMs ?? 0
    const sooner = decide(awake, 'android', plan, createRng('y'), false).deliveredAfterMs ?? 0
    expect(later).toBeGreaterThan(sooner + 60_000)
  })

  it('the same seed gives the same decision', () => {
    const d: DeviceOfPerson = { id: 'd', channel: 'apns', token: 't', tokenState: 'valid', sdk: true, optIn: true, appState: 'background', online: true, doze: false, lastUsedAt: '' }
    expect(decide(d, 'ios', plan, createRng('s'), true)).toEqual(decide(d, 'ios', plan, createRng('s'), true))
  })
})
