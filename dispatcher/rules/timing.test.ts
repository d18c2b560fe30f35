import { describe, expect, it } from 'vitest'
import { decideTiming, isInWindow } from './timing.ts'

const utc = (year: number, month: number, day: number, hour: number, minute = 0) => Date.UTC(year, month - 1, day, hour, minute)
const clock = (hour: number, minute = 0) => ({ hour, minute })
const nightDnd = (mode: 'discard' | 'delay') => ({ start: clock(21), end: clock(9), mode })
const BERLIN = 'Europe/Berlin'

describe('DND window', () => {
  it('wraps midnight: 21:00 inclusive to 09:00 exclusive, in the person\'s wall time (Berlin summer is UTC+2)', () => {
    expect(isInWindow(utc(2025, 6, 1, 18, 59), clock(21), clock(9), BERLIN)).toBe(false) // 20:59
    expect(isInWindow(utc(2025, 6, 1, 19), clock(21), clock(9), BERLIN)).toBe(true) // 21:00
    expect(isInWindow(utc(2025, 6, 2, 1), clock(21), clock(9), BERLIN)).toBe(true) // 03:00
    expect(isInWindow(utc(2025, 6, 2, 6, 59), clock(21), clock(9), BERLIN)).toBe(true) // 08:59
    expect(isInWindow(utc(2025, 6, 2, 7), clock(21), clock(9), BERLIN)).toBe(false) // 09:00
  })

  it('depends on the timezone: 20:00Z is 22:00 in Berlin, 16:00 in New York', () => {
    expect(isInWindow(utc(2025, 6, 1, 20), clock(21), clock(9), BERLIN)).toBe(true)
    expect(isInWindow(utc(2025, 6, 1, 20), clock(21), clock(9), 'America/New_York')).toBe(false)
  })

  it('handles a same-day window and treats start = end as empty', () => {
    expect(isInWindow(utc(2025, 6, 1, 13), clock(12), clock(14), 'UTC')).toBe(true)
    expect(isInWindow(utc(2025, 6, 1, 14), clock(12), clock(14), 'UTC')).toBe(false)
    expect(isInWindow(utc(2025, 6, 1, 11, 59), clock(12), clock(14), 'UTC')).toBe(false)
    expect(isInWindow(utc(2025, 6, 1, 12), clock(12), clock(12), 'UTC')).toBe(false)
  })
})

describe('decideTiming', () => {
  const now = utc(2025, 6, 1, 20) // 22:00 in Berlin

  it('sends now without rules; TTL sets expiresAt = now + ttl', () => {
    expect(decideTiming({}, now, BERLIN)).toEqual({ state: 'pending', notBefore: now, expiresAt: null })
    expect(decideTiming({ ttlSeconds: 3600 }, now, BERLIN)).toEqual({ state: 'pending', notBefore: now, expiresAt: now + 3_600_000 })
  })

  it('DND discard suppresses a send inside the window', () => {
    expect(decideTiming({ dnd: nightDnd('discard') }, now, BERLIN)).toEqual({ state: 'suppressed', code: 'dnd_discarded', notBefore: now, expiresAt: null })
  })

  it('DND delay moves the send to the next end of the window, before and after midnight', () => {
    expect(decideTiming({ dnd: nightDnd('delay') }, now, BERLIN)).toEqual({ state: 'pending', notBefore: utc(2025, 6, 2, 7), expiresAt: null })
    // 03:00 CEST on the 2nd → 09:00 the same day.
    expect(decideTiming({ dnd: nightDnd('delay') }, utc(2025, 6, 2, 1), BERLIN)).toMatchObject({ state: 'pending', notBefore: utc(2025, 6, 2, 7) })
    // 16:00 in New York is outside the window.
    expect(decideTiming({ dnd: nightDnd('delay') }, now, 'America/New_York')).toMatchObject({ state: 'pending', notBefore: now })
  })

  it('DND delay across the spring-forward night ends at 09:00 CEST', () => {
    // 2025-03-29 22:30 CET (21:30Z) → 2025-03-30 09:00 CEST = 07:00Z.
    expect(decideTiming({ dnd: nightDnd('delay') }, utc(2025, 3, 29, 21, 30), BERLIN)).toMatchObject({ notBefore: utc(2025, 3, 30, 7) })
  })

  it('local time: today if not passed, else tomorrow, DST day included', () => {
    expect(decideTiming({ localTime: clock(9) }, utc(2025, 6, 1, 6), BERLIN)).toMatchObject({ notBefore: utc(2025, 6, 1, 7) })
    expect(decideTiming({ localTime: clock(9) }, utc(2025, 6, 1, 8), BERLIN)).toMatchObject({ notBefore: utc(2025, 6, 2, 7) })
    expect(decideTiming({ localTime: clock(9) }, utc(2025, 3, 29, 12), BERLIN)).toMatchObject({ notBefore: utc(2025, 3, 30, 7) })
    expect(decideTiming({ localTime: clock(9) }, utc(2025, 11, 1, 14), 'America/New_York')).toMatchObject({ notBefore: utc(2025, 11, 2, 14) })
  })

  it('local time inside DND is judged at the local time: delayed to the window\'s end, or discarded', () => {
    const noon = utc(2025, 6, 1, 10) // 12:00 CEST; 22:00 CEST = 20:00Z
    expect(decideTiming({ localTime: clock(22), dnd: nightDnd('delay') }, noon, BERLIN)).toMatchObject({ state: 'pending', notBefore: utc(2025, 6, 2, 7) })
    expect(decideTiming({ localTime: clock(22), dnd: nightDnd('discard') }, noon, BERLIN)).toMatchObject({ state: 'suppressed', code: 'dnd_discarded', notBefore: utc(2025, 6, 1, 20) })
  })

  it('cut-off caps a pending delivery\'s expiresAt: no attempt after it, retries included (§10)', () => {
    expect(decideTiming({ cutoffAt: now + 60_000, ttlSeconds: 3600 }, now, BERLIN)).toMatchObject({ state: 'pending', expiresAt: now + 60_000 })
    expect(decideTiming({ cutoffAt: now + 60_000 }, now, BERLIN)).toMatchObject({ state: 'pending', expiresAt: now + 60_000 })
    expect(decideTiming({ cutoffAt: now + 7_200_000, ttlSeconds: 3600 }, now, BERLIN)).toMatchObject({ state: 'pending', expiresAt: now + 3_600_000 })
  })

  it('cut-off: allowed at cutoffAt, suppressed after it, judged at the delayed send moment', () => {
    expect(decideTiming({ cutoffAt: now }, now, BERLIN)).toMatchObject({ state: 'pending' })
    expect(decideTiming({ cutoffAt: now - 1 }, now, BERLIN)).toMatchObject({ state: 'suppressed', code: 'cutoff_passed' })
    // DND delays to 07:00Z next day; the cut-off at 06:00Z next day has passed by then.
    expect(decideTiming({ dnd: nightDnd('delay'), cutoffAt: utc(2025, 6, 2, 6) }, now, BERLIN)).toMatchObject({ state: 'suppressed', code: 'cutoff_passed', notBefore: utc(2025, 6, 2, 7) })
    expect(decideTiming({ dnd: nightDnd('delay'), cutoffAt: utc(2025, 6, 2, 7) }, now, BERLIN)).toMatchObject({ state: 'pending' })
  })

  it('TTL: a send moment at or after expiresAt is expired at plan time', () => {
    const noon = utc(2025, 6, 1, 10) // local time 14:00 CEST is 2 h later
    expect(decideTiming({ localTime: clock(14), ttlSeconds: 3600 }, noon, BERLIN)).toEqual({ state: 'expired', notBefore: noon + 7_200_000, expiresAt: noon + 3_600_000 })
    expect(decideTiming({ localTime: clock(14), ttlSeconds: 7200 }, noon, BERLIN)).toMatchObject({ state: 'expired' })
    expect(decideTiming({ localTime: clock(14), ttlSeconds: 7201 }, noon, BERLIN)).toMatchObject({ state: 'pending', expiresAt: noon + 7_201_000 })
    expect(decideTiming({ ttlSeconds: 0 }, noon, BERLIN)).toMatchObject({ state: 'expired' })
  })

  it('precedence: DND discard before cut-off, cut-off before TTL', () => {
    expect(decideTiming({ dnd: nightDnd('discard'), cutoffAt: now - 1 }, now, BERLIN)).toMatchObject({ code: 'dnd_discarded' })
    expect(decideTiming({ cutoffAt: now - 1, ttlSeconds: 0 }, now, BERLIN)).toMatchObject({ state: 'suppressed', code: 'cutoff_passed' })
  })
})

describe('recurring day (§9)', () => {
  const BERLIN = 'Europe/Berlin'
  it('starts on the next day D in the person’s timezone, never earlier, and counts its TTL from that start', () => {
    const now = Date.UTC(2026, 2, 3, 10) // 3 March, 11:00 in Berlin
    const decision = decideTiming({ recurringDay: 15, ttlSeconds: 3_600 }, now, BERLIN)
    expect(decision).toEqual({ state: 'pending', notBefore: Date.UTC(2026, 2, 14, 23), expiresAt: Date.UTC(2026, 2, 15, 0) })
  })

  it('on day D itself it starts at once; with a local time, at that time on day D', () => {
    const onTheDay = Date.UTC(2026, 2, 15, 8) // 15 March, 09:00 in Berlin
    expect(decideTiming({ recurringDay: 15 }, onTheDay, BERLIN)).toMatchObject({ state: 'pending', notBefore: onTheDay })
    expect(decideTiming({ recurringDay: 20, localTime: { hour: 9, minute: 30 } }, onTheDay, BERLIN)).toMatchObject({ notBefore: Date.UTC(2026, 2, 20, 8, 30) })
  })

  it('skips a month without day D rather than starting earlier (31 after April’s end goes to 31 May)', () => {
    const april = Date.UTC(2026, 3, 2, 12)
    expect(decideTiming({ recurringDay: 31 }, april, 'UTC')).toMatchObject({ notBefore: Date.UTC(2026, 4, 31) })
  })
})
