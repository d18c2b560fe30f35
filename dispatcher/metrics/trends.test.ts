import { describe, expect, it } from 'vitest'
import { CAMPAIGN, EMPTY, delivery } from './metrics-fixture.ts'
import { trends } from './trends.ts'

const empty = (period: string) => ({ period, sent: 0, viewed: 0, clicked: 0 })

describe('trends', () => {
  // Sent: d1, d2 on Mon 2 Mar, d4 on Sun 8 Mar. First views: d1, d2 on 2 Mar, d4 on Mon 9 Mar.
  // First clicks: d1 on 3 Mar, d4 on 9 Mar.
  it('per day, without gaps', () => {
    expect(trends(CAMPAIGN, 'day')).toEqual([
      { period: '2026-03-02', sent: 2, viewed: 2, clicked: 0 },
      { period: '2026-03-03', sent: 0, viewed: 0, clicked: 1 },
      empty('2026-03-04'),
      empty('2026-03-05'),
      empty('2026-03-06'),
      empty('2026-03-07'),
      { period: '2026-03-08', sent: 1, viewed: 0, clicked: 0 },
      { period: '2026-03-09', sent: 0, viewed: 1, clicked: 1 },
    ])
  })

  it('per week starting Monday (Sunday the 8th belongs to the week of the 2nd)', () => {
    expect(trends(CAMPAIGN, 'week')).toEqual([
      { period: '2026-03-02', sent: 3, viewed: 2, clicked: 1 },
      { period: '2026-03-09', sent: 0, viewed: 1, clicked: 1 },
    ])
  })

  it('per month', () => {
    expect(trends(CAMPAIGN, 'month')).toEqual([{ period: '2026-03-01', sent: 3, viewed: 3, clicked: 2 }])
  })

  it('weeks cross the year on Monday; months fill the gap', () => {
    const input = {
      ...EMPTY,
      deliveries: [
        delivery('d1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: Date.UTC(2025, 11, 31, 23, 59) }), // Wed 31 Dec 2025
        delivery('d2', 'm2', 'p2', 'a', 'accepted', { acceptedAt: Date.UTC(2026, 0, 4, 12) }), // Sun 4 Jan 2026
        delivery('d3', 'm3', 'p3', 'a', 'accepted', { acceptedAt: Date.UTC(2026, 0, 5, 0) }), // Mon 5 Jan 2026
        delivery('d4', 'm4', 'p4', 'a', 'accepted', { acceptedAt: Date.UTC(2026, 2, 1) }), // 1 Mar 2026
      ],
    }
    expect(trends(input, 'week').slice(0, 2)).toEqual([
      { period: '2025-12-29', sent: 2, viewed: 0, clicked: 0 },
      { period: '2026-01-05', sent: 1, viewed: 0, clicked: 0 },
    ])
    expect(trends(input, 'month')).toEqual([
      { period: '2025-12-01', sent: 1, viewed: 0, clicked: 0 },
      { period: '2026-01-01', sent: 2, viewed: 0, clicked: 0 },
      empty('2026-02-01'),
      { period: '2026-03-01', sent: 1, viewed: 0, clicked: 0 },
    ])
  })

  it('a report repeated later counts once, in the period of the first', () => {
    const input = {
      ...EMPTY,
      deliveries: [delivery('d1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: Date.UTC(2026, 2, 2, 9) })],
      events: [
        { deliveryId: 'd1', kind: 'delivered' as const, at: Date.UTC(2026, 2, 2, 10) },
        { deliveryId: 'd1', kind: 'delivered' as const, at: Date.UTC(2026, 2, 3, 10) },
        { deliveryId: 'd1', kind: 'opened' as const, at: Date.UTC(2026, 2, 3, 11) },
        { deliveryId: 'd1', kind: 'opened' as const, at: Date.UTC(2026, 2, 2, 11) },
      ],
    }
    // The 3 Mar repeats count nowhere, so the series ends on 2 Mar.
    expect(trends(input, 'day')).toEqual([{ period: '2026-03-02', sent: 1, viewed: 1, clicked: 1 }])
  })

  it('no data, no periods', () => {
    expect(trends(EMPTY, 'day')).toEqual([])
  })
})
