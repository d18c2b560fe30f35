/**
 * retry.credential-refresh.<apns|fcm> on hand-built ledgers: a retry after
 * an expired credential passes only with a fresh one (a later APNs token
 * iat; one FCM token request in between), and fails with evidence
 * otherwise.
 */
import { describe, expect, it } from 'vitest'
import { credentialRefreshCases } from '../harness/oracle/cases/credential-refresh.ts'
import type { Exchange } from '../harness/oracle/ground-truth.ts'
import { exchange, judge } from './support/oracle-timelines.ts'

const apnsSend = (start: number, iat: number, extra: object = {}): Exchange => ({ ...exchange({ start, ...extra }), credential: `iat=${iat}` })
const apnsExpired = (start: number, iat: number) => apnsSend(start, iat, { status: 403, reason: 'ExpiredProviderToken' })
const fcmSend = (start: number, extra: object = {}): Exchange => exchange({ provider: 'fcm', start, ...extra })
const fcmExpired = (start: number, deliveryId = 'd1') => fcmSend(start, { status: 401, reason: 'ACCESS_TOKEN_EXPIRED', deliveryId })
const tokenFetch = (start: number): Exchange => ({ ...exchange({ provider: 'fcm', start, deliveryId: null, target: null }), credentialFetch: true })

describe('retry.credential-refresh.apns', () => {
  it('passes when the retry carries a newly issued provider token', async () => {
    expect(await judge(credentialRefreshCases, 'retry.credential-refresh.apns', [apnsExpired(0, 1000), apnsSend(3000, 1003)])).toMatchObject({ verdict: 'pass', checked: 1 })
  })
  it('fails when the rejected token is sent again', async () => {
    const result = await judge(credentialRefreshCases, 'retry.credential-refresh.apns', [apnsExpired(0, 1000), apnsSend(3000, 1000)])
    expect(result.verdict).toBe('fail')
    expect(result.evidence[0]).toMatchObject({ deliveryId: 'd1', actual: 'iat=1000' })
  })
  it('one refresh serves a send rejected after it: the refreshed token may be retried as it is', async () => {
    const ledger = [apnsExpired(0, 1000), apnsExpired(20, 1005), apnsSend(3000, 1000, { deliveryId: 'd1' }), apnsSend(3001, 1005, { deliveryId: 'd2' })]
    ledger[1] = { ...ledger[1]!, deliveryId: 'd2' }
    ledger[2] = { ...ledger[2]!, credential: 'iat=1005' }
    expect(await judge(credentialRefreshCases, 'retry.credential-refresh.apns', ledger)).toMatchObject({ verdict: 'pass', checked: 2 })
    // The same token rejected twice with no refresh in between: a dispatcher that never refreshes.
    const stale = [apnsExpired(0, 1000), { ...apnsExpired(20, 1000), deliveryId: 'd2' }, apnsSend(3000, 1000), { ...apnsSend(3001, 1000), deliveryId: 'd2' }]
    expect(await judge(credentialRefreshCases, 'retry.credential-refresh.apns', stale)).toMatchObject({ verdict: 'fail', violations: 2 })
  })
  it('is skipped when no credential expired, or the ledger kept no iat', async () => {
    expect((await judge(credentialRefreshCases, 'retry.credential-refresh.apns', [apnsSend(0, 1000)])).verdict).toBe('skipped')
    const old = await judge(credentialRefreshCases, 'retry.credential-refresh.apns', [exchange({ start: 0, status: 403, reason: 'ExpiredProviderToken' }), exchange({ start: 3000 })])
    expect(old).toMatchObject({ verdict: 'skipped', reason: expect.stringMatching(/iat/) })
  })
})

describe('retry.credential-refresh.fcm', () => {
  it('passes with one token request serving every rejected delivery, even those rejected after it', async () => {
    const ledger = [tokenFetch(-100), fcmExpired(0, 'd1'), tokenFetch(20), fcmExpired(40, 'd2'), fcmSend(3000, { deliveryId: 'd1' }), fcmSend(3001, { deliveryId: 'd2' })]
    expect(await judge(credentialRefreshCases, 'retry.credential-refresh.fcm', ledger)).toMatchObject({ verdict: 'pass', checked: 2 })
  })
  it('fails a retry without a refresh, and a refresh storm', async () => {
    const none = await judge(credentialRefreshCases, 'retry.credential-refresh.fcm', [tokenFetch(-100), fcmExpired(0), fcmSend(3000)])
    expect(none.evidence[0]).toMatchObject({ actual: 'access token #1', note: expect.stringMatching(/never refreshed/) })
    const storm = await judge(credentialRefreshCases, 'retry.credential-refresh.fcm', [tokenFetch(-100), fcmExpired(0, 'd1'), fcmExpired(5, 'd2'), tokenFetch(20), tokenFetch(30), fcmSend(3000, { deliveryId: 'd1' }), fcmSend(3001, { deliveryId: 'd2' })])
    expect(storm).toMatchObject({ verdict: 'fail', violations: 2 })
    expect(storm.evidence[0]!.note).toMatch(/storm/)
  })
})
