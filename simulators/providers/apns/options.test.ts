import { describe, expect, it } from 'vitest'
import { manualClock } from '../../kernel/clock.ts'
import { createRng } from '../../kernel/rng.ts'
import { createApnsCore } from './core.ts'
import { resolveApnsOptions } from './options.ts'
import type { ApnsOptions } from './types.ts'

const base = { clock: manualClock(), rng: createRng('test') }

describe('APNs options', () => {
  it('applies the defaults', () => {
    expect(resolveApnsOptions(base)).toEqual({
      ok: true,
      value: {
        ...base,
        defaultEnvironment: 'sandbox',
        maxConcurrentStreams: 1000,
        environmentKeyReason: 'BadEnvironmentKeyInToken',
        tokenRateLimit: null,
      },
    })
  })

  it.each([
    ['defaultEnvironment', { defaultEnvironment: 'staging' }],
    ['maxConcurrentStreams', { maxConcurrentStreams: 0 }],
    ['maxConcurrentStreams', { maxConcurrentStreams: 1.5 }],
    ['environmentKeyReason', { environmentKeyReason: 'BadEnvironment' }],
    ['tokenRateLimit', { tokenRateLimit: { limit: 0, windowMs: 1000 } }],
    ['tokenRateLimit', { tokenRateLimit: { limit: 1, windowMs: 0 } }],
  ])('refuses a bad %s', (field, override) => {
    const options = { ...base, ...override } as ApnsOptions
    const result = resolveApnsOptions(options)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT')
      expect(result.error.message).toMatch(new RegExp(`^Failed to configure the APNs simulator: ${field}`))
    }
    expect(() => createApnsCore(options)).toThrow(RangeError)
  })
})
