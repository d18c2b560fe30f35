import { describe, expect, it } from 'vitest'
import type { Store } from './store.ts'
import { delivery, message, useTempStore } from './testing/fixtures.ts'

let store: Store
useTempStore((_, freshStore) => (store = freshStore))

/** Two campaigns planned interleaved (so a page must skip the other's rows), messages of 0–2 deliveries. */
function planInterleaved(): void {
  for (let i = 0; i < 7; i++) {
    for (const campaignId of ['c1', 'c2']) {
      const m = message(`m-${campaignId}-${i}`, campaignId, `p${i}`)
      store.insertPlannedMessage({ message: m, deliveries: Array.from({ length: i % 3 }, (_, k) => delivery(`d-${campaignId}-${i}-${k}`, m, `dev-${i}-${k}`)) })
    }
  }
}

/** Every page from the first, following `next`. */
function allPages<T>(read: (after: number) => { items: T[]; next: number | null }): T[][] {
  const pages: T[][] = []
  for (let after: number | null = 0; after !== null; ) {
    const page: { items: T[]; next: number | null } = read(after)
    pages.push(page.items)
    after = page.next
  }
  return pages
}

describe('paged reads', () => {
  it('gives a campaign’s deliveries page by page, the same entries in the same order as the whole list', () => {
    planInterleaved()
    const pages = allPages((after) => store.deliveriesPage('c1', after, 2))
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 0])
    expect(pages.flat()).toStrictEqual(store.deliveriesOf('c1'))
    expect(store.deliveriesPage('nope', 0, 2)).toEqual({ items: [], next: null })
  })

  it('gives each message of a page with its own deliveries, reports and conversion', () => {
    planInterleaved()
    store.recordDeviceEvent({ deliveryId: 'd-c1-1-0', kind: 'opened', at: 5 })
    store.recordDeviceEvent({ deliveryId: 'd-c2-1-0', kind: 'delivered', at: 6 })
    const pages = allPages((after) => store.messagesPage('c1', after, 3))
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1])
    const facts = pages.flat()
    expect(facts.map((fact) => fact.message)).toStrictEqual(store.messagesOf('c1'))
    for (const fact of facts) expect(fact.deliveries).toStrictEqual(store.deliveriesOfMessage(fact.message.id))
    expect(facts.map((fact) => fact.events)).toEqual([[], [{ deliveryId: 'd-c1-1-0', kind: 'opened', at: 5 }], [], [], [], [], []])
    expect(facts.every((fact) => !fact.converted)).toBe(true)
  })

  it('ends with a short page, or an empty one when the last page was full', () => {
    planInterleaved()
    expect(allPages((after) => store.messagesPage('c2', after, 7)).map((page) => page.length)).toEqual([7, 0])
  })
})
