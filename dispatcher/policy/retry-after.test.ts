import { describe, expect, it } from 'vitest'
import { retryAfterMsOf } from './retry-after.ts'

const NOW = Date.UTC(2026, 2, 1, 8, 0, 0)

describe('retryAfterMsOf', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['3600', 3_600_000],
  ])('delay-seconds %j → %i ms', (value, ms) => {
    expect(retryAfterMsOf({ 'retry-after': value }, NOW)).toBe(ms)
  })

  it('reads an IMF-fixdate against now', () => {
    expect(retryAfterMsOf({ 'Retry-After': 'Sun, 01 Mar 2026 08:01:30 GMT' }, NOW)).toBe(90_000)
  })

  it('reads the obsolete RFC 850 form', () => {
    expect(retryAfterMsOf({ 'retry-after': 'Sunday, 01-Mar-26 08:00:10 GMT' }, NOW)).toBe(10_000)
  })

  it('reads the asctime form as GMT', () => {
    expect(retryAfterMsOf({ 'retry-after': 'Sun Mar  1 08:00:20 2026' }, NOW)).toBe(20_000)
  })

  it('prefers the response Date over the local clock', () => {
    const headers = { Date: 'Sun, 01 Mar 2026 09:00:00 GMT', 'Retry-After': 'Sun, 01 Mar 2026 09:00:45 GMT' }
    expect(retryAfterMsOf(headers, NOW)).toBe(45_000)
  })

  it('is 0 for a date already past', () => {
    expect(retryAfterMsOf({ 'retry-after': 'Sun, 01 Mar 2026 07:00:00 GMT' }, NOW)).toBe(0)
  })

  it.each([[{}], [{ 'retry-after': '' }], [{ 'retry-after': '-5' }], [{ 'retry-after': '1.5' }], [{ 'retry-after': 'soon' }], [{ 'retry-after': 'Mon, garbage' }]])('is undefined for %j', (headers) => {
    expect(retryAfterMsOf(headers, NOW)).toBeUndefined()
  })
})
