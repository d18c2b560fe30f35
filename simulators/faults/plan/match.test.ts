import { describe, expect, it } from 'vitest'
import { compileMatch, type MatchSubject } from './match.ts'

const subject = (overrides: Partial<MatchSubject> = {}): MatchSubject => ({
  provider: 'apns',
  flavour: 'sandbox',
  route: '/3/device/abc123',
  target: 'abc123',
  headers: { 'apns-push-type': 'alert', 'apns-priority': '10' },
  connectionOrdinal: 3,
  ...overrides,
})

describe('compileMatch', () => {
  it('matches every exchange without a match or with an empty one', () => {
    expect(compileMatch(undefined)(subject())).toBe(true)
    expect(compileMatch({})(subject({ provider: 'fcm' }))).toBe(true)
  })

  it('matches the provider, one or a set', () => {
    expect(compileMatch({ provider: 'apns' })(subject())).toBe(true)
    expect(compileMatch({ provider: 'fcm' })(subject())).toBe(false)
    expect(compileMatch({ provider: ['fcm', 'apns'] })(subject())).toBe(true)
    expect(compileMatch({ provider: ['fcm', 'webpush'] })(subject())).toBe(false)
  })

  it('matches a target exactly, by set or by unanchored pattern', () => {
    expect(compileMatch({ target: 'abc123' })(subject())).toBe(true)
    expect(compileMatch({ target: 'abc' })(subject())).toBe(false)
    expect(compileMatch({ target: ['x', 'abc123'] })(subject())).toBe(true)
    expect(compileMatch({ target: ['x', 'y'] })(subject())).toBe(false)
    expect(compileMatch({ target: { pattern: 'c12' } })(subject())).toBe(true)
    expect(compileMatch({ target: { pattern: '^c12' } })(subject())).toBe(false)
  })

  it('does not match a target, flavour or header the exchange lacks', () => {
    expect(compileMatch({ target: { pattern: '.*' } })(subject({ target: undefined }))).toBe(false)
    expect(compileMatch({ flavour: { pattern: '' } })(subject({ flavour: undefined }))).toBe(false)
    expect(compileMatch({ headers: { 'apns-collapse-id': { pattern: '' } } })(subject())).toBe(false)
  })

  it('matches the flavour and the route', () => {
    expect(compileMatch({ flavour: ['sandbox', 'production'] })(subject())).toBe(true)
    expect(compileMatch({ flavour: 'production' })(subject())).toBe(false)
    expect(compileMatch({ route: { pattern: '^/3/device/' } })(subject())).toBe(true)
    expect(compileMatch({ route: '/3/device/other' })(subject())).toBe(false)
  })

  it('requires every header to match', () => {
    expect(compileMatch({ headers: { 'apns-push-type': 'alert' } })(subject())).toBe(true)
    expect(compileMatch({ headers: { 'apns-push-type': 'alert', 'apns-priority': ['5'] } })(subject())).toBe(false)
    expect(compileMatch({ headers: { 'apns-push-type': 'alert', 'apns-priority': { pattern: '^1' } } })(subject())).toBe(true)
  })

  it('matches the connection ordinal: one, a set, or an inclusive range open at either end', () => {
    const at = (connectionOrdinal: number) => subject({ connectionOrdinal })
    expect(compileMatch({ connection: 3 })(at(3))).toBe(true)
    expect(compileMatch({ connection: 3 })(at(4))).toBe(false)
    expect(compileMatch({ connection: [1, 4] })(at(4))).toBe(true)
    expect(compileMatch({ connection: [1, 4] })(at(3))).toBe(false)
    const range = compileMatch({ connection: { from: 2, to: 4 } })
    expect([1, 2, 3, 4, 5].map((n) => range(at(n)))).toEqual([false, true, true, true, false])
    expect(compileMatch({ connection: { from: 5 } })(at(1000))).toBe(true)
    expect(compileMatch({ connection: { to: 1 } })(at(2))).toBe(false)
  })

  it('requires all given fields together', () => {
    const match = compileMatch({ provider: 'apns', target: 'abc123', connection: { from: 2 } })
    expect(match(subject())).toBe(true)
    expect(match(subject({ connectionOrdinal: 1 }))).toBe(false)
    expect(match(subject({ provider: 'webpush' }))).toBe(false)
  })

  it('compiles patterns once, not per exchange', () => {
    const original = globalThis.RegExp
    let built = 0
    globalThis.RegExp = new Proxy(original, {
      construct: (target, args: [string]) => {
        built += 1
        return new target(...args)
      },
    })
    try {
      const match = compileMatch({ route: { pattern: '^/3/' }, target: { pattern: 'c' } })
      for (let i = 0; i < 100; i++) match(subject())
    } finally {
      globalThis.RegExp = original
    }
    expect(built).toBe(2)
  })
})
