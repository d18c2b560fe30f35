import { describe, expect, it } from 'vitest'
import type { DeliveryState, DeviceEventKind, ErrorClass, Message, PersonStatus } from '../model/lifecycle.ts'
import { personStatusOf } from './aggregate.ts'

const message = (failure: string | null = null): Message => ({ id: 'm1', campaignId: 'c1', personId: 'p1', variantId: 'a', control: false, rendered: { title: 't', body: 'b' }, failure, createdAt: 0 })

type Shape = DeliveryState | 'device-suppressed' | 'dead-suppressed'

/** Deliveries d1, d2, … in the given states; `device-suppressed` / `dead-suppressed` are suppressed for bouncing (by code / by class). */
function deliveries(...states: Shape[]) {
  return states.map((state, index) => {
    const id = `d${index + 1}`
    if (state === 'device-suppressed') return { id, state: 'suppressed' as const, errorClass: null, code: 'device_suppressed' }
    if (state === 'dead-suppressed') return { id, state: 'suppressed' as const, errorClass: 'dead-address' as ErrorClass }
    const errorClass: ErrorClass | null = state === 'bounced' ? 'dead-address' : state === 'failed' ? 'transient' : null
    return { id, state, errorClass }
  })
}
const event = (deliveryId: string, kind: DeviceEventKind) => ({ deliveryId, kind })

describe('personStatusOf, last used device (one delivery: the status is its own)', () => {
  it.each<[DeliveryState, PersonStatus]>([
    ['pending', 'Attempted'],
    ['attempting', 'Attempted'],
    ['accepted', 'Sent'],
    ['bounced', 'Bounced'],
    ['failed', 'Failed'],
    ['expired', 'Failed'],
    ['suppressed', 'Failed'],
  ])('%s → %s', (state, status) => {
    expect(personStatusOf({ message: message(), deliveries: deliveries(state), events: [], converted: false })).toBe(status)
  })

  it('accepted and reported delivered → Delivered; opened → Opened; converted → Converted', () => {
    const one = deliveries('accepted')
    expect(personStatusOf({ message: message(), deliveries: one, events: [event('d1', 'delivered')], converted: false })).toBe('Delivered')
    expect(personStatusOf({ message: message(), deliveries: one, events: [event('d1', 'delivered'), event('d1', 'opened')], converted: false })).toBe('Opened')
    expect(personStatusOf({ message: message(), deliveries: one, events: [event('d1', 'opened')], converted: true })).toBe('Converted')
  })
})

describe('personStatusOf, all devices (hand-computed)', () => {
  it.each<[string, Shape[], [string, DeviceEventKind][], boolean, PersonStatus]>([
    ['one accepted, one failed', ['accepted', 'failed'], [], false, 'Sent'],
    ['one accepted, one bounced, one suppressed', ['accepted', 'bounced', 'suppressed'], [], false, 'Sent'],
    ['one accepted, one still pending', ['accepted', 'pending'], [], false, 'Attempted'],
    ['one bounced, one attempting', ['bounced', 'attempting'], [], false, 'Attempted'],
    ['delivered on one, the other pending', ['accepted', 'pending'], [['d1', 'delivered']], false, 'Attempted'],
    ['opened on one, the other pending', ['accepted', 'pending'], [['d1', 'opened']], false, 'Opened'],
    ['all bounced', ['bounced', 'bounced'], [], false, 'Bounced'],
    ['bounced and suppressed', ['bounced', 'suppressed'], [], false, 'Bounced'],
    ['bounced and a device suppressed for bouncing', ['device-suppressed', 'bounced'], [], false, 'Bounced'],
    // §10: a message whose every delivery was suppressed, none bounced, is Failed — a device suppressed for bouncing earlier included.
    ['only devices suppressed for bouncing (code)', ['device-suppressed', 'device-suppressed'], [], false, 'Failed'],
    ['only a device suppressed for bouncing (class)', ['dead-suppressed'], [], false, 'Failed'],
    ['suppressed for bouncing and for DND', ['device-suppressed', 'suppressed'], [], false, 'Failed'],
    ['suppressed for bouncing and failed', ['device-suppressed', 'failed'], [], false, 'Failed'],
    ['bounced and failed (mixed)', ['bounced', 'failed'], [], false, 'Failed'],
    ['bounced and expired (mixed)', ['bounced', 'expired'], [], false, 'Failed'],
    ['all suppressed, none bounced', ['suppressed', 'suppressed'], [], false, 'Failed'],
    ['all failed', ['failed', 'failed'], [], false, 'Failed'],
    ['accepted + failed, delivered reported on the accepted one', ['accepted', 'failed'], [['d1', 'delivered']], false, 'Delivered'],
    ['delivered reported although the attempt was recorded failed (the report implies the send)', ['failed', 'bounced'], [['d1', 'delivered']], false, 'Delivered'],
    ['opened on the second device', ['accepted', 'accepted'], [['d1', 'delivered'], ['d2', 'opened']], false, 'Opened'],
    ['converted although nothing reported', ['accepted', 'failed'], [], true, 'Converted'],
    ['a device reported the conversion', ['accepted'], [['d1', 'converted']], false, 'Converted'],
    ['a report of another message does not count', ['accepted'], [['other', 'opened']], false, 'Sent'],
  ])('%s → %s', (_name, states, reports, converted, status) => {
    const events = reports.map(([id, kind]) => event(id, kind))
    expect(personStatusOf({ message: message(), deliveries: deliveries(...states), events, converted })).toBe(status)
  })
})

describe('personStatusOf, no deliveries', () => {
  it('Undeliverable when the person has no eligible device', () => {
    expect(personStatusOf({ message: message(), deliveries: [], events: [], converted: false })).toBe('Undeliverable')
    expect(personStatusOf({ message: message('no_device'), deliveries: [], events: [], converted: false })).toBe('Undeliverable')
    expect(personStatusOf({ message: message('not_a_test_profile'), deliveries: [], events: [], converted: false })).toBe('Undeliverable')
  })

  it.each(['missing_template_variable', 'person_unsubscribed', 'invalid_timezone', 'no_variant'])('Failed when the message failed: %s', (failure) => {
    expect(personStatusOf({ message: message(failure), deliveries: [], events: [], converted: false })).toBe('Failed')
  })
})
