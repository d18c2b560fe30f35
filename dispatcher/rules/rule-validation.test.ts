import { describe, expect, it } from 'vitest'
import { parseRules } from './rule-validation.ts'
import { isFrequencyCapped } from './frequency-cap.ts'

describe('parseRules', () => {
  it('parses the timing rules', () => {
    expect(parseRules({ dnd: { start: '21:00', end: '09:30', mode: 'delay' }, localTime: '08:15', cutoffAt: 5, ttlSeconds: 60, frequencyCapPerDay: 3, controlGroupShare: 0.1 })).toEqual({
      ok: true,
      timing: { dnd: { start: { hour: 21, minute: 0 }, end: { hour: 9, minute: 30 }, mode: 'delay' }, localTime: { hour: 8, minute: 15 }, cutoffAt: 5, ttlSeconds: 60 },
    })
    expect(parseRules({})).toEqual({ ok: true, timing: {} })
  })

  it('names every unreadable rule instead of throwing', () => {
    const parsed = parseRules({ dnd: { start: '9pm', end: '09:00', mode: 'delay' }, localTime: '25:00', ttlSeconds: -1, frequencyCapPerDay: 1.5, controlGroupShare: 1.2, cutoffAt: Number.NaN })
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? [] : parsed.problems).toHaveLength(6)
  })
})

describe('isFrequencyCapped', () => {
  it('stops the send once the day\'s sends reach the cap', () => {
    expect(isFrequencyCapped({ frequencyCapPerDay: 3 }, 2)).toBe(false)
    expect(isFrequencyCapped({ frequencyCapPerDay: 3 }, 3)).toBe(true)
    expect(isFrequencyCapped({ frequencyCapPerDay: 0 }, 0)).toBe(true)
  })

  it('never stops a campaign that opted out or has no cap', () => {
    expect(isFrequencyCapped({ frequencyCapPerDay: 3, capOptOut: true }, 10)).toBe(false)
    expect(isFrequencyCapped({}, 10)).toBe(false)
  })
})
