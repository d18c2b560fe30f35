import { describe, expect, it } from 'vitest'
import { addDays, epochOfWallTime, isValidTimeZone, localDateKey, nextOccurrenceOf, parseClock, wallTimeOf } from './local-time.ts'

const wall = (year: number, month: number, day: number, hour: number, minute: number) =>
  ({ year, month, day, hour, minute, second: 0, millisecond: 0 })
const utc = (year: number, month: number, day: number, hour: number, minute = 0) => Date.UTC(year, month - 1, day, hour, minute)

describe('wall time ↔ epoch', () => {
  it('reads the wall clock of an instant, half-hour zones included', () => {
    expect(wallTimeOf(utc(2025, 1, 1, 0), 'Asia/Kolkata')).toEqual({ year: 2025, month: 1, day: 1, hour: 5, minute: 30, second: 0, millisecond: 0 })
    expect(wallTimeOf(utc(2025, 6, 1, 20) + 1234, 'Europe/Berlin')).toEqual({ year: 2025, month: 6, day: 1, hour: 22, minute: 0, second: 1, millisecond: 234 })
  })

  it('Europe/Berlin spring forward (2025-03-30, 02:00 CET → 03:00 CEST at 01:00Z)', () => {
    expect(epochOfWallTime(wall(2025, 3, 30, 1, 30), 'Europe/Berlin')).toBe(utc(2025, 3, 30, 0, 30))
    expect(epochOfWallTime(wall(2025, 3, 30, 3, 30), 'Europe/Berlin')).toBe(utc(2025, 3, 30, 1, 30))
    // 02:30 does not exist that night: moved forward by the one-hour gap to 03:30 CEST.
    expect(epochOfWallTime(wall(2025, 3, 30, 2, 30), 'Europe/Berlin')).toBe(utc(2025, 3, 30, 1, 30))
    expect(wallTimeOf(utc(2025, 3, 30, 1, 0), 'Europe/Berlin').hour).toBe(3)
  })

  it('Europe/Berlin fall back (2025-10-26, 03:00 CEST → 02:00 CET at 01:00Z): a repeated wall time is its earlier instant', () => {
    expect(epochOfWallTime(wall(2025, 10, 26, 2, 30), 'Europe/Berlin')).toBe(utc(2025, 10, 26, 0, 30))
    expect(epochOfWallTime(wall(2025, 10, 26, 3, 30), 'Europe/Berlin')).toBe(utc(2025, 10, 26, 2, 30))
    expect(wallTimeOf(utc(2025, 10, 26, 1, 30), 'Europe/Berlin').hour).toBe(2)
  })

  it('America/New_York spring forward (2025-03-09, 02:00 EST → 03:00 EDT at 07:00Z)', () => {
    expect(epochOfWallTime(wall(2025, 3, 9, 1, 30), 'America/New_York')).toBe(utc(2025, 3, 9, 6, 30))
    expect(epochOfWallTime(wall(2025, 3, 9, 2, 30), 'America/New_York')).toBe(utc(2025, 3, 9, 7, 30))
    expect(epochOfWallTime(wall(2025, 3, 9, 3, 30), 'America/New_York')).toBe(utc(2025, 3, 9, 7, 30))
  })

  it('America/New_York fall back (2025-11-02, 02:00 EDT → 01:00 EST at 06:00Z)', () => {
    expect(epochOfWallTime(wall(2025, 11, 2, 1, 30), 'America/New_York')).toBe(utc(2025, 11, 2, 5, 30))
    expect(epochOfWallTime(wall(2025, 11, 2, 2, 30), 'America/New_York')).toBe(utc(2025, 11, 2, 7, 30))
  })
})

describe('next occurrence of a local clock time', () => {
  it('today when it has not passed, at the instant itself when it is now, else tomorrow', () => {
    // 2025-06-01 in Berlin is CEST (UTC+2): 09:00 local = 07:00Z.
    expect(nextOccurrenceOf({ hour: 9, minute: 0 }, utc(2025, 6, 1, 6), 'Europe/Berlin')).toBe(utc(2025, 6, 1, 7))
    expect(nextOccurrenceOf({ hour: 9, minute: 0 }, utc(2025, 6, 1, 7), 'Europe/Berlin')).toBe(utc(2025, 6, 1, 7))
    expect(nextOccurrenceOf({ hour: 9, minute: 0 }, utc(2025, 6, 1, 7) + 1, 'Europe/Berlin')).toBe(utc(2025, 6, 2, 7))
  })

  it('tomorrow across a DST change keeps the wall time, not the 24 h distance', () => {
    // 2025-03-29 13:00 CET → 09:00 on the 30th is CEST = 07:00Z (23 h of wall clock later, not 08:00Z).
    expect(nextOccurrenceOf({ hour: 9, minute: 0 }, utc(2025, 3, 29, 12), 'Europe/Berlin')).toBe(utc(2025, 3, 30, 7))
    // New York 2025-11-01 10:00 EDT → 09:00 on the 2nd is EST = 14:00Z.
    expect(nextOccurrenceOf({ hour: 9, minute: 0 }, utc(2025, 11, 1, 14), 'America/New_York')).toBe(utc(2025, 11, 2, 14))
  })

  it('a local time skipped by the DST gap happens at the end of the gap', () => {
    // Berlin 2025-03-30 00:00 CET (= 03-29 23:00Z): 02:30 does not exist that day → 03:30 CEST = 01:30Z.
    expect(nextOccurrenceOf({ hour: 2, minute: 30 }, utc(2025, 3, 29, 23), 'Europe/Berlin')).toBe(utc(2025, 3, 30, 1, 30))
  })
})

describe('helpers', () => {
  it('local date key is the person\'s calendar day', () => {
    expect(localDateKey(utc(2025, 6, 1, 22, 30), 'Europe/Berlin')).toBe('2025-06-02')
    expect(localDateKey(utc(2025, 6, 1, 22, 30), 'America/New_York')).toBe('2025-06-01')
  })

  it('parses HH:MM only', () => {
    expect(parseClock('21:05')).toEqual({ hour: 21, minute: 5 })
    expect(parseClock('00:00')).toEqual({ hour: 0, minute: 0 })
    for (const bad of ['24:00', '9:00', '12:60', '12:00:00', '', 'noon']) expect(parseClock(bad)).toBeUndefined()
  })

  it('knows IANA zones without throwing on unknown ones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false)
  })

  it('adds calendar days across month and year ends, leap day included', () => {
    expect(addDays(wall(2024, 12, 31, 9, 0), 1)).toEqual(wall(2025, 1, 1, 9, 0))
    expect(addDays(wall(2024, 2, 28, 9, 0), 1)).toEqual(wall(2024, 2, 29, 9, 0))
  })
})
