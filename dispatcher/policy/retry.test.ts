import { describe, expect, it } from 'vitest'
import type { ChannelPolicy } from '../model/channel.ts'
import type { Classification } from './classification.ts'
import { nextStep, type NextStepInput } from './retry.ts'

const NOW = 1_000_000
const policy: ChannelPolicy = { connectTimeoutMs: 10_000, readTimeoutMs: 10_000, retryLimit: 3 }
const backoff = { baseMs: 1_000, capMs: 60_000 }
const transient: Classification = { outcome: 'error', code: 'server_issue', class: 'transient', action: 'retry' }
const credentials: Classification = { outcome: 'error', code: 'fcm_oauth2_token_expired', class: 'credentials', action: 'refresh-credential-and-retry' }

function input(classification: Classification, attempts: number, overrides: Partial<NextStepInput> = {}): NextStepInput {
  return { classification, attempts, policy, backoff, random: () => 0.5, now: NOW, credentialRefreshed: false, ...overrides }
}

describe('nextStep', () => {
  it('accepts an accepted attempt', () => {
    expect(nextStep(input({ outcome: 'accepted' }, 4))).toEqual({ kind: 'accepted' })
  })

  it.each([
    ['dead-address', 'bounce', 'bounced'],
    ['configuration', 'fail', 'failed'],
    ['bad-message', 'fail', 'failed'],
  ] as const)('%s is final %s at once, whatever attempts are left', (errorClass, action, state) => {
    const classification: Classification = { outcome: 'error', code: 'some_code', class: errorClass, action }
    expect(nextStep(input(classification, 1))).toEqual({ kind: 'final', state, code: 'some_code', errorClass })
  })

  it('retries a transient failure with backoff: random 0.5 takes half of each window', () => {
    // Windows 1 000, 2 000, 4 000 after attempts 1, 2, 3 → waits 500, 1 000, 2 000.
    expect(nextStep(input(transient, 1))).toEqual({ kind: 'retry', notBefore: NOW + 500, refreshCredential: false })
    expect(nextStep(input(transient, 2))).toEqual({ kind: 'retry', notBefore: NOW + 1_000, refreshCredential: false })
    expect(nextStep(input(transient, 3))).toEqual({ kind: 'retry', notBefore: NOW + 2_000, refreshCredential: false })
  })

  it('never goes beyond 1 + retryLimit attempts', () => {
    // retryLimit 3: the 4th attempt is the last one.
    expect(nextStep(input(transient, 4))).toEqual({ kind: 'final', state: 'failed', code: 'server_issue', errorClass: 'transient' })
    expect(nextStep(input(transient, 9))).toMatchObject({ kind: 'final', state: 'failed' })
    const noRetries = { ...policy, retryLimit: 0 }
    expect(nextStep(input(transient, 1, { policy: noRetries }))).toMatchObject({ kind: 'final', state: 'failed' })
  })

  it('simulated to the end, an always-transient delivery makes exactly 1 + retryLimit attempts', () => {
    for (const retryLimit of [0, 3, 6, 10]) {
      let attempts = 1
      while (nextStep(input(transient, attempts, { policy: { ...policy, retryLimit } })).kind === 'retry') attempts += 1
      expect(attempts).toBe(1 + retryLimit)
    }
  })

  it('never retries sooner than Retry-After', () => {
    const withRetryAfter: Classification = { ...transient, retryAfterMs: 120_000 }
    // Backoff would give 500; Retry-After 120 s wins.
    expect(nextStep(input(withRetryAfter, 1))).toEqual({ kind: 'retry', notBefore: NOW + 120_000, refreshCredential: false })
    // Backoff 2 000 (attempt 3) beats a Retry-After of 1 500.
    expect(nextStep(input({ ...transient, retryAfterMs: 1_500 }, 3))).toEqual({ kind: 'retry', notBefore: NOW + 2_000, refreshCredential: false })
  })

  it('a Retry-After does not buy attempts beyond the limit', () => {
    expect(nextStep(input({ ...transient, retryAfterMs: 5_000 }, 4))).toMatchObject({ kind: 'final', state: 'failed' })
  })

  it('refreshes credentials once and retries at once', () => {
    expect(nextStep(input(credentials, 1))).toEqual({ kind: 'retry', notBefore: NOW, refreshCredential: true })
  })

  it('fails on a second credentials failure', () => {
    expect(nextStep(input(credentials, 2, { credentialRefreshed: true }))).toEqual({ kind: 'final', state: 'failed', code: 'fcm_oauth2_token_expired', errorClass: 'credentials' })
  })

  it('a credentials retry honours Retry-After and the attempt limit', () => {
    expect(nextStep(input({ ...credentials, retryAfterMs: 3_000 }, 1))).toEqual({ kind: 'retry', notBefore: NOW + 3_000, refreshCredential: true })
    expect(nextStep(input(credentials, 4))).toMatchObject({ kind: 'final', state: 'failed' })
  })

  it('draws the jitter from the injected source', () => {
    expect(nextStep(input(transient, 2, { random: () => 0 }))).toEqual({ kind: 'retry', notBefore: NOW, refreshCredential: false })
    expect(nextStep(input(transient, 2, { random: () => 0.9999999 }))).toEqual({ kind: 'retry', notBefore: NOW + 2_000, refreshCredential: false })
  })
})
