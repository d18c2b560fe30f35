import { describe, expect, it } from 'vitest'
import { campaign, content, context, device, NOW, person, states } from './plan-test-fixtures.ts'
import { planMessage } from './plan-message.ts'

describe('planMessage: control group and variants', () => {
  it('share 1 holds everyone out (control, no failure, no variant); share 0 nobody', () => {
    const held = planMessage(campaign({ controlGroupShare: 1 }), person(), [device('a', 1)], context())
    expect([held.message.control, held.message.failure, held.message.variantId, held.deliveries.length, held.countsAsSend]).toEqual([true, null, null, 0, false])
    expect(planMessage(campaign({ controlGroupShare: 0 }), person(), [device('a', 1)], context()).message.control).toBe(false)
  })

  it('over 10 000 persons: control ≈ 10 % and A/B ≈ 50/50 of the rest, identical on a rerun with the seed', () => {
    const ab = campaign({ controlGroupShare: 0.1 }, { variants: [{ id: 'A', share: 0.5, content }, { id: 'B', share: 0.5, content }] })
    const run = (seed: string) => Array.from({ length: 10_000 }, (_, index) =>
      planMessage(ab, person({ id: `p${index}` }), [device('d', 1)], context({ seed }))).map(plan => plan.message.control ? 'control' : plan.message.variantId)
    const first = run('seed-1')
    const count = (label: string) => first.filter(each => each === label).length
    // Control 1000 ± 120 (σ 30); A and B 4500 ± 200 each (σ √(10 000 · 0.45 · 0.55) ≈ 49.7).
    expect(count('control')).toBeGreaterThanOrEqual(880)
    expect(count('control')).toBeLessThanOrEqual(1120)
    for (const label of ['A', 'B']) {
      expect(count(label)).toBeGreaterThanOrEqual(4300)
      expect(count(label)).toBeLessThanOrEqual(4700)
    }
    expect(run('seed-1')).toEqual(first)
    expect(run('seed-2')).not.toEqual(first)
  })
})

describe('planMessage: Safari', () => {
  const noLink = campaign({}, { variants: [{ id: 'only', share: 1, content: { title: 't', body: 'b', icon: 'i' } }] })

  it('a Safari delivery without a deep link fails at plan time; other channels still go', () => {
    const plan = planMessage(noLink, person(), [device('safari', 2, 'webpush-safari'), device('chrome', 1, 'webpush-chrome')], context())
    expect(states(plan)).toEqual([['safari', 'failed', 'safari_missing_deep_link'], ['chrome', 'pending', null]])
    expect(plan.deliveries[0]!.errorClass).toBe('bad-message')
    expect(plan.countsAsSend).toBe(true)
  })

  it('a Safari-only person without a deep link gets no send; with one it is pending', () => {
    expect(planMessage(noLink, person(), [device('safari', 1, 'webpush-safari')], context()).countsAsSend).toBe(false)
    expect(states(planMessage(campaign(), person(), [device('safari', 1, 'webpush-safari')], context()))).toEqual([['safari', 'pending', null]])
  })
})

describe('planMessage: frequency cap and timing rules', () => {
  const devices = [device('a', 2), device('b', 1, 'webpush-safari')]
  const noLink = { id: 'only', share: 1, content: { title: 't', body: 'b' } }

  it('at the cap every delivery is suppressed frequency_exceeded and it is not a send (Safari link rule not reached)', () => {
    const plan = planMessage(campaign({ frequencyCapPerDay: 2 }, { variants: [noLink] }), person(), devices, context({ sendsToday: 2 }))
    expect(states(plan)).toEqual([['a', 'suppressed', 'frequency_exceeded'], ['b', 'suppressed', 'frequency_exceeded']])
    expect(plan.countsAsSend).toBe(false)
  })

  it('below the cap, or opted out, it sends', () => {
    expect(planMessage(campaign({ frequencyCapPerDay: 2 }), person(), devices, context({ sendsToday: 1 })).countsAsSend).toBe(true)
    expect(states(planMessage(campaign({ frequencyCapPerDay: 2, capOptOut: true }), person(), devices, context({ sendsToday: 5 }))))
      .toEqual([['a', 'pending', null], ['b', 'pending', null]])
  })

  it('a suppressed device keeps device_suppressed under the cap', () => {
    const plan = planMessage(campaign({ frequencyCapPerDay: 1 }), person(), [device('a', 2), device('s', 1, 'fcm', 'suppressed')], context({ sendsToday: 1 }))
    expect(states(plan)).toEqual([['a', 'suppressed', 'frequency_exceeded'], ['s', 'suppressed', 'device_suppressed']])
    expect(plan.deliveries.map(each => each.errorClass)).toEqual([null, 'dead-address'])
  })

  it('DND discard suppresses, delay postpones; local time, cut-off and TTL apply to every delivery', () => {
    const night = Date.UTC(2025, 5, 1, 20) // 22:00 CEST
    const discard = planMessage(campaign({ dnd: { start: '21:00', end: '09:00', mode: 'discard' } }), person(), devices, context({ now: night }))
    expect(states(discard)).toEqual([['a', 'suppressed', 'dnd_discarded'], ['b', 'suppressed', 'dnd_discarded']])
    expect(discard.countsAsSend).toBe(false)
    const delay = planMessage(campaign({ dnd: { start: '21:00', end: '09:00', mode: 'delay' } }), person(), devices, context({ now: night }))
    expect(delay.deliveries.map(each => [each.state, each.notBefore])).toEqual([['pending', Date.UTC(2025, 5, 2, 7)], ['pending', Date.UTC(2025, 5, 2, 7)]])
    // 18:00 CEST = 16:00Z, six hours after NOW.
    const local = planMessage(campaign({ localTime: '18:00' }), person(), [device('a', 1)], context())
    expect(local.deliveries[0]).toMatchObject({ state: 'pending', notBefore: Date.UTC(2025, 5, 1, 16) })
    const cut = planMessage(campaign({ localTime: '18:00', cutoffAt: Date.UTC(2025, 5, 1, 15) }), person(), [device('a', 1)], context())
    expect(states(cut)).toEqual([['a', 'suppressed', 'cutoff_passed']])
    const expired = planMessage(campaign({ localTime: '18:00', ttlSeconds: 3600 }), person(), [device('a', 1)], context())
    expect(expired.deliveries[0]).toMatchObject({ state: 'expired', code: null, expiresAt: NOW + 3_600_000 })
    expect(expired.countsAsSend).toBe(false)
  })
})
