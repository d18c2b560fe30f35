import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Store } from './store.ts'
import { acceptedOutcome, bouncedOutcome, delivery, device, message, person, tempDatabase, type TempDatabase } from './testing/fixtures.ts'

// §7 device management: accepted → sent; a bounce → bounced; a second bounce in a row → suppressed,
// until the person is identified again with that token (→ unused).

let db: TempDatabase
let store: Store
let now = 1_000
beforeEach(() => {
  db = tempDatabase()
  store = db.open()
  now = 1_000
  store.upsertPerson(person('p'))
  store.upsertDevice(device('phone', 'p'))
})
afterEach(() => db.remove())

/** One campaign's delivery to the phone, claimed and settled with `settle`. */
function sendOnce(campaignId: string, settle: typeof acceptedOutcome): void {
  const m = message(`m-${campaignId}`, campaignId, 'p')
  store.insertPlannedMessage({ message: m, deliveries: [delivery(`d-${campaignId}`, m, 'phone', { notBefore: now })] })
  const [due] = store.claimDue(now, 1)
  store.recordAttempt(settle(due!.delivery.id, due!.delivery.attempts, now + 10))
  now += 100
}

const phone = () => {
  const d = store.getDevice('phone')
  return [d?.lastStatus, d?.bounceStreak]
}

it('a bounce marks the device bounced; the second in a row suppresses it', () => {
  sendOnce('c1', bouncedOutcome)
  expect(phone()).toEqual(['bounced', 1])
  sendOnce('c2', bouncedOutcome)
  expect(phone()).toEqual(['suppressed', 2])
})

it('an accepted attempt ends the streak, so bounces either side of it are not in a row', () => {
  sendOnce('c1', bouncedOutcome)
  sendOnce('c2', acceptedOutcome)
  expect(phone()).toEqual(['sent', 0])
  sendOnce('c3', bouncedOutcome)
  expect(phone()).toEqual(['bounced', 1])
})

it('identifying the person again with the token resets a suppressed device to unused', () => {
  sendOnce('c1', bouncedOutcome)
  sendOnce('c2', bouncedOutcome)
  store.upsertDevice(device('phone', 'p'))
  expect(phone()).toEqual(['unused', 0])
  sendOnce('c3', bouncedOutcome)
  expect(phone()).toEqual(['bounced', 1])
})

it('the bounced delivery itself is final with its code', () => {
  sendOnce('c1', bouncedOutcome)
  expect(store.getDelivery('d-c1')).toMatchObject({ state: 'bounced', code: 'push_unreg', errorClass: 'dead-address', acceptedAt: null })
})

it('devicesPage lists every device with its last status, page by page in the order first identified', () => {
  store.upsertDevice(device('tablet', 'p'))
  store.upsertDevice(device('watch', 'p'))
  sendOnce('c1', bouncedOutcome)
  sendOnce('c2', bouncedOutcome)
  const first = store.devicesPage(0, 2)
  expect(first.items.map((d) => [d.id, d.lastStatus])).toEqual([['phone', 'suppressed'], ['tablet', 'unused']])
  const second = store.devicesPage(first.next!, 2)
  expect(second).toEqual({ items: [expect.objectContaining({ id: 'watch', lastStatus: 'unused' })], next: null })
})
