import { describe, expect, it } from 'vitest'
import { campaign, context, device, NOW, person, states } from './plan-test-fixtures.ts'
import { planMessage } from './plan-message.ts'

describe('planMessage: deliveries', () => {
  it('plans one pending delivery per eligible device with ids, tracking token and TTL', () => {
    const plan = planMessage(campaign({ ttlSeconds: 60 }), person(), [device('older', 1), device('newer', 2, 'apns')], context())
    expect(plan.message).toEqual({
      id: 'message-1', campaignId: 'camp-1', personId: 'person-1', variantId: 'only', control: false,
      rendered: { title: 'Hi Ana', body: 'Sale', deepLink: 'https://shop.example/sale', icon: 'https://shop.example/i.png' },
      failure: null, createdAt: NOW,
    })
    expect(plan.deliveries[0]).toEqual({
      id: 'delivery-1', messageId: 'message-1', campaignId: 'camp-1', personId: 'person-1', deviceId: 'newer', channel: 'apns',
      variantId: 'only', state: 'pending', attempts: 0, notBefore: NOW, expiresAt: NOW + 60_000,
      providerId: '00000001-aaaa-4bbb-8ccc-dddddddddddd', trackingToken: 'tracking-1', code: null, errorClass: null, acceptedAt: null,
    })
    expect(plan.deliveries[1]).toMatchObject({ id: 'delivery-2', deviceId: 'older', providerId: '00000002-aaaa-4bbb-8ccc-dddddddddddd', trackingToken: 'tracking-2' })
    expect(plan.countsAsSend).toBe(true)
  })

  it('last-device sends only to the most recently seen eligible device', () => {
    const devices = [device('a', 10), device('b', 30), device('c', 40, 'fcm', 'suppressed')]
    const plan = planMessage(campaign({}, { targeting: 'last-device' }), person(), devices, context())
    expect(states(plan)).toEqual([['b', 'pending', null]])
  })

  it('all-devices adds a suppressed delivery per suppressed device', () => {
    const plan = planMessage(campaign(), person(), [device('a', 10), device('s', 40, 'fcm', 'suppressed')], context())
    expect(states(plan)).toEqual([['a', 'pending', null], ['s', 'suppressed', 'device_suppressed']])
    expect(plan.deliveries[1]!.errorClass).toBe('dead-address')
    expect(plan.countsAsSend).toBe(true)
  })
})

describe('planMessage: message failures without deliveries', () => {
  const failureOf = (plan: ReturnType<typeof planMessage>) => [plan.message.failure, plan.deliveries.length, plan.countsAsSend]

  it('no device, or only suppressed devices → no_device (Undeliverable), variant kept', () => {
    expect(failureOf(planMessage(campaign(), person(), [], context()))).toEqual(['no_device', 0, false])
    const plan = planMessage(campaign(), person(), [device('s', 1, 'fcm', 'suppressed')], context())
    expect(failureOf(plan)).toEqual(['no_device', 0, false])
    expect(plan.message.variantId).toBe('only')
  })

  it('unsubscribed person → person_unsubscribed: a suppressed delivery per targeted device (§10), none without a device', () => {
    const plan = planMessage(campaign(), person({ unsubscribed: true }), [device('a', 1), device('s', 2, 'fcm', 'suppressed')], context())
    expect(failureOf(plan)).toEqual(['person_unsubscribed', 2, false])
    expect(states(plan)).toEqual([['a', 'suppressed', 'person_unsubscribed'], ['s', 'suppressed', 'person_unsubscribed']])
    expect(plan.message).toMatchObject({ control: false, variantId: 'only' })
    expect(states(planMessage(campaign({}, { targeting: 'last-device' }), person({ unsubscribed: true }), [device('a', 1), device('b', 3)], context()))).toEqual([['b', 'suppressed', 'person_unsubscribed']])
    expect(failureOf(planMessage(campaign(), person({ unsubscribed: true }), [], context()))).toEqual(['person_unsubscribed', 0, false])
    // Never held out, however large the control group: the person did not qualify.
    expect(planMessage(campaign({ controlGroupShare: 1 }), person({ unsubscribed: true }), [device('a', 1)], context()).message.control).toBe(false)
  })

  it('test sends skip persons who are not test profiles and reach those who are', () => {
    const skipped = planMessage(campaign({ testSend: true }), person(), [device('a', 1)], context())
    expect(failureOf(skipped)).toEqual(['not_a_test_profile', 0, false])
    expect(skipped.message.variantId).toBeNull()
    expect(states(planMessage(campaign({ testSend: true }), person({ test: true }), [device('a', 1)], context()))).toEqual([['a', 'pending', null]])
  })

  it('a missing template variable fails the message; a fallback saves it', () => {
    const failed = planMessage(campaign(), person({ properties: {} }), [device('a', 1)], context())
    expect(failureOf(failed)).toEqual(['missing_template_variable', 0, false])
    expect(failed.message.rendered).toBeNull()
    expect(failed.message.variantId).toBe('only')
    const withFallback = campaign({}, { variants: [{ id: 'only', share: 1, content: { title: 'Hi {{name|there}}', body: 'b' } }] })
    const plan = planMessage(withFallback, person({ properties: {} }), [device('a', 1)], context())
    expect(plan.message.rendered).toEqual({ title: 'Hi there', body: 'b' })
    expect(states(plan)).toEqual([['a', 'pending', null]])
  })

  it('unreadable rules, an unknown timezone under DND, no usable variant', () => {
    expect(failureOf(planMessage(campaign({ localTime: '9am' }), person(), [device('a', 1)], context()))).toEqual(['invalid_campaign_rules', 0, false])
    const dnd = campaign({ dnd: { start: '21:00', end: '09:00', mode: 'delay' } })
    expect(failureOf(planMessage(dnd, person({ timezone: 'Nowhere/Town' }), [device('a', 1)], context()))).toEqual(['invalid_timezone', 0, false])
    // Without a timezone rule the timezone is not needed.
    expect(states(planMessage(campaign(), person({ timezone: 'Nowhere/Town' }), [device('a', 1)], context()))).toEqual([['a', 'pending', null]])
    expect(failureOf(planMessage(campaign({}, { variants: [] }), person(), [device('a', 1)], context()))).toEqual(['no_variant', 0, false])
  })
})
