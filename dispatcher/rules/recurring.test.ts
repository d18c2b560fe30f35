import { describe, expect, it } from 'vitest'
import { nextRecurringStart } from './recurring.ts'

const utc = (year: number, month: number, day: number, hour = 0, minute = 0) => Date.UTC(year, month - 1, day, hour, minute)

describe('nextRecurringStart', () => {
  it('starts on the next day D at local midnight, later this month or next month', () => {
    expect(nextRecurringStart(15, utc(2025, 1, 10, 12), 'UTC')).toBe(utc(2025, 1, 15))
    expect(nextRecurringStart(15, utc(2025, 1, 20, 12), 'UTC')).toBe(utc(2025, 2, 15))
    expect(nextRecurringStart(3, utc(2025, 12, 5), 'UTC')).toBe(utc(2026, 1, 3))
  })

  it('starts at once when today is D (never earlier than now)', () => {
    expect(nextRecurringStart(15, utc(2025, 1, 15, 12), 'UTC')).toBe(utc(2025, 1, 15, 12))
  })

  it('skips months without day D instead of clamping to an earlier date', () => {
    expect(nextRecurringStart(31, utc(2025, 4, 5), 'UTC')).toBe(utc(2025, 5, 31))
    expect(nextRecurringStart(29, utc(2025, 2, 1), 'UTC')).toBe(utc(2025, 3, 29))
    expect(nextRecurringStart(29, utc(2024, 2, 1), 'UTC')).toBe(utc(2024, 2, 29))
    expect(nextRecurringStart(31, utc(2025, 1, 31, 8), 'UTC')).toBe(utc(2025, 1, 31, 8))
    expect(nextRecurringStart(31, utc(2025, 2, 1), 'UTC')).toBe(utc(2025, 3, 31))
  })

  it('reads the day in the timezone', () => {
    // 2025-01-14 23:30Z is already 00:30 on the 15th in Berlin (CET, UTC+1).
    expect(nextRecurringStart(15, utc(2025, 1, 14, 23, 30), 'Europe/Berlin')).toBe(utc(2025, 1, 14, 23, 30))
    // 22:30Z is 23:30 on the 14th: the 15th starts at 00:00 CET = 23:00Z.
    expect(nextRecurringStart(15, utc(2025, 1, 14, 22, 30), 'Europe/Berlin')).toBe(utc(2025, 1, 14, 23))
    // New York 2025-03-09 00:00 is still EST (the change is at 02:00): 05:00Z.
    expect(nextRecurringStart(9, utc(2025, 3, 1, 12), 'America/New_York')).toBe(utc(2025, 3, 9, 5))
  })

  it('answers undefined for an impossible day or an unknown timezone', () => {
    for (const day of [0, 32, 1.5, Number.NaN]) expect(nextRecurringStart(day, utc(2025, 1, 1), 'UTC')).toBeUndefined()
    expect(nextRecurringStart(1, utc(2025, 1, 1), 'Nowhere/Town')).toBeUndefined()
  })
})
