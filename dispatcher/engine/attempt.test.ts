import { describe, expect, it } from 'vitest'
import type { ProviderResult } from '../senders/sender.ts'
import type { DueDelivery, Store } from '../store/store.ts'
import { runAttempt, type AttemptDeps } from './attempt.ts'

const due = (rendered: boolean): DueDelivery => ({
  delivery: { id: 'd1', messageId: 'm1', campaignId: 'c', personId: 'p', deviceId: 'dev', channel: 'apns', variantId: 'a', state: 'attempting', attempts: 1, notBefore: 0, expiresAt: null, providerId: 'id', trackingToken: 't', code: null, errorClass: null, acceptedAt: null },
  address: { kind: 'token', token: 'aa' },
  message: { id: 'm1', campaignId: 'c', personId: 'p', variantId: 'a', control: false, rendered: rendered ? { title: 't', body: 'b' } : null, failure: null, createdAt: 0 },
})

function deps(sender: boolean): AttemptDeps {
  const send = async (): Promise<ProviderResult> => ({ kind: 'response', status: 200, headers: {}, body: '' })
  return {
    store: { attemptsOf: () => [] } as unknown as Store,
    senders: { forChannel: () => (sender ? { channels: ['apns'], send, refreshCredential() {}, close: async () => {} } : undefined) },
    classify: () => ({ outcome: 'accepted' }),
    nextStep: () => ({ kind: 'accepted' }),
    contentForChannel: (content) => content,
    policy: { apns: { connectTimeoutMs: 1, readTimeoutMs: 1, retryLimit: 10 } } as AttemptDeps['policy'],
    backoff: { baseMs: 1, capMs: 1 },
    random: () => 0,
    clock: { now: () => 1000, sleep: async () => {}, timeScale: 1 },
  }
}

describe('an attempt that cannot be sent', () => {
  it('fails with credentials_not_found (configuration) when no sender serves the channel', async () => {
    expect(await runAttempt(due(true), deps(false))).toMatchObject({ code: 'credentials_not_found', errorClass: 'configuration', next: { state: 'failed' } })
  })
  it('fails with missing_template_variable (bad message) when nothing was rendered', async () => {
    expect(await runAttempt(due(false), deps(true))).toMatchObject({ code: 'missing_template_variable', errorClass: 'bad-message', next: { state: 'failed' } })
  })
  it('is suppressed, unsent, when its device was suppressed after it was planned (§7: no further sends)', async () => {
    let sent = 0
    const suppressedDeps = deps(true)
    suppressedDeps.store = { attemptsOf: () => [], getDevice: () => ({ lastStatus: 'suppressed' }) } as unknown as Store
    suppressedDeps.senders = { forChannel: () => ({ channels: ['apns'], send: async () => (sent++, { kind: 'response', status: 200, headers: {}, body: '' }), refreshCredential() {}, close: async () => {} }) }
    expect(await runAttempt(due(true), suppressedDeps)).toMatchObject({ code: 'device_suppressed', status: null, next: { state: 'suppressed', code: 'device_suppressed' }, device: 'unchanged' })
    expect(sent).toBe(0)
  })
  it('fails unsent when a restart claims it past the retry limit (the interrupted last attempt was counted, §10)', async () => {
    let sent = 0
    const crashed = deps(true)
    crashed.senders = { forChannel: () => ({ channels: ['apns'], send: async () => (sent++, { kind: 'response', status: 200, headers: {}, body: '' }), refreshCredential() {}, close: async () => {} }) }
    crashed.classify = () => ({ outcome: 'error', code: 'apns_unknown', class: 'transient' }) as never
    const past = due(true)
    past.delivery.attempts = 12 // 1 + 10 allowed; the 11th was interrupted by the crash
    expect(await runAttempt(past, crashed)).toMatchObject({ status: null, code: 'apns_unknown', errorClass: 'transient', next: { state: 'failed' } })
    expect(sent).toBe(0)
    const within = due(true)
    within.delivery.attempts = 11
    await runAttempt(within, crashed)
    expect(sent).toBe(1)
  })
  it('is recorded as accepted when the provider takes it', async () => {
    expect(await runAttempt(due(true), deps(true))).toMatchObject({ code: 'accepted', status: 200, next: { state: 'accepted' }, device: 'accepted' })
  })
})
