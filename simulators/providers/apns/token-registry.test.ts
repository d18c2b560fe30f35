import { describe, expect, it } from 'vitest'
import { manualClock } from '../../kernel/clock.ts'
import { createTokenRegistry } from './token-registry.ts'
import type { ApnsTokenInput } from './types.ts'
import { DEVICE_TOKEN } from './test-support.ts'

const START = Date.UTC(2026, 0, 1)

describe('APNs token registry', () => {
  it('registers a token with defaults, normalised to lower case', () => {
    const tokens = createTokenRegistry(manualClock())
    expect(tokens.register({ token: DEVICE_TOKEN.toUpperCase() })).toEqual({
      ok: true,
      value: { token: DEVICE_TOKEN, state: 'valid', topic: null, environment: null, unregisteredAt: null },
    })
  })

  it('stamps the 410 states with the clock unless given a time, and ignores a time for valid tokens', () => {
    const tokens = createTokenRegistry(manualClock())
    expect(tokens.register({ token: DEVICE_TOKEN, state: 'expired' }).ok).toBe(true)
    expect(tokens.get(DEVICE_TOKEN)?.unregisteredAt).toBe(START)
    tokens.register({ token: DEVICE_TOKEN, state: 'unregistered', unregisteredAt: 5 })
    expect(tokens.get(DEVICE_TOKEN)?.unregisteredAt).toBe(5)
    tokens.register({ token: DEVICE_TOKEN, state: 'valid', unregisteredAt: 5 })
    expect(tokens.get(DEVICE_TOKEN)?.unregisteredAt).toBeNull()
  })

  it('unregisters a known token keeping its topic and environment', () => {
    const tokens = createTokenRegistry(manualClock())
    tokens.register({ token: DEVICE_TOKEN, topic: 'com.a', environment: 'production' })
    expect(tokens.unregister(DEVICE_TOKEN.toUpperCase(), 7)).toEqual({
      ok: true,
      value: { token: DEVICE_TOKEN, state: 'unregistered', topic: 'com.a', environment: 'production', unregisteredAt: 7 },
    })
  })

  it('unregisters an unknown (implicitly valid) token at the current time', () => {
    const tokens = createTokenRegistry(manualClock())
    expect(tokens.unregister(DEVICE_TOKEN)).toEqual({
      ok: true,
      value: { token: DEVICE_TOKEN, state: 'unregistered', topic: null, environment: null, unregisteredAt: START },
    })
  })

  it.each([
    ['a short token', { token: 'abc' }, 'token must be 64 to 200 hex characters'],
    ['a non-string token', { token: 7 }, 'token must be 64 to 200 hex characters'],
    ['an unknown state', { state: 'gone' }, 'state must be valid, unregistered or expired'],
    ['an empty topic', { topic: '' }, 'topic must be a non-empty string'],
    ['an unknown environment', { environment: 'both' }, 'environment must be sandbox or production'],
    ['a fractional time', { unregisteredAt: 1.5 }, 'unregisteredAt must be a non-negative integer'],
    ['a negative time', { unregisteredAt: -1 }, 'unregisteredAt must be a non-negative integer'],
  ])('refuses %s with INVALID_ARGUMENT', (_, override, message) => {
    const tokens = createTokenRegistry(manualClock())
    const result = tokens.register({ token: DEVICE_TOKEN, ...override } as ApnsTokenInput)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT')
      expect(result.error.message).toContain(`Failed to register APNs token: ${message}`)
    }
    expect(tokens.list()).toEqual([])
  })

  it('refuses to unregister a malformed token', () => {
    const tokens = createTokenRegistry(manualClock())
    expect(tokens.unregister('xyz').ok).toBe(false)
  })

  it('removes a token, and answers NOT_FOUND for an unknown one', () => {
    const tokens = createTokenRegistry(manualClock())
    tokens.register({ token: DEVICE_TOKEN })
    expect(tokens.remove(DEVICE_TOKEN.toUpperCase())).toEqual({ ok: true, value: undefined })
    expect(tokens.remove(DEVICE_TOKEN)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `Failed to remove APNs token: ${DEVICE_TOKEN} is not registered` },
    })
  })

  it('lists copies', () => {
    const tokens = createTokenRegistry(manualClock())
    tokens.register({ token: DEVICE_TOKEN })
    tokens.list()[0]!.state = 'expired'
    expect(tokens.get(DEVICE_TOKEN)?.state).toBe('valid')
  })
})
