/**
 * The oracle's wire cases on small hand-built timelines: each passes on a
 * conforming one and fails (with evidence) on a breaking one, and is
 * skipped when nothing exercises it.
 */
import { describe, expect, it } from 'vitest'
import { readAnswer } from '../harness/oracle/answer-reading.ts'
import { backoffCase, probabilityGreater } from '../harness/oracle/cases/backoff-grows.ts'
import { dashboardCodeCase } from '../harness/oracle/cases/dashboard-code.ts'
import { noDuplicateAcceptCase } from '../harness/oracle/cases/no-duplicate-accept.ts'
import { noSendToSuppressedCase } from '../harness/oracle/cases/no-send-to-suppressed.ts'
import { readTimeoutCases } from '../harness/oracle/cases/read-timeout.ts'
import { retryAfterCase } from '../harness/oracle/cases/retry-after-honoured.ts'
import { retryLimitCases } from '../harness/oracle/cases/retry-limit.ts'
import { retryNoneAfterCases } from '../harness/oracle/cases/retry-none-after.ts'
import { sendDeadlineCases } from '../harness/oracle/cases/send-deadlines.ts'
import { channelLimits } from '../harness/oracle/channel-policy.ts'
import { readRetryAfterMs } from '../harness/oracle/retry-after.ts'
import { virtualTime } from '../harness/oracle/virtual-time.ts'
import { WIRE_CASES, judgeWire } from '../harness/oracle/wire-cases.ts'
import { context, exchange, judge } from './support/oracle-timelines.ts'

const busy = (start: number, extra: object = {}) => exchange({ start, status: 429, reason: 'TooManyRequests', ...extra })
const failing = (start: number, extra: object = {}) => exchange({ start, status: 500, reason: 'InternalServerError', ...extra })
const gone = (start: number, extra: object = {}) => exchange({ start, status: 410, reason: 'Unregistered', ...extra })

describe('retry.limit.<channel>', () => {
  it('passes at 1 + limit attempts and fails beyond, per channel', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => failing(i * 1000))
    expect((await judge(retryLimitCases, 'retry.limit.apns', eleven)).verdict).toBe('pass')
    const twelve = [...eleven, exchange({ start: 20_000 })]
    const failed = await judge(retryLimitCases, 'retry.limit.apns', twelve)
    expect(failed.verdict).toBe('fail')
    expect(failed.evidence[0]).toMatchObject({ deliveryId: 'd1', actual: 12 })
    // Firefox allows 3 retries: 5 attempts break it.
    const firefox = Array.from({ length: 5 }, (_, i) => exchange({ provider: 'webpush', flavour: 'firefox', start: i * 1000, status: 0, decided: 'hang', afterMs: 10_000 }))
    expect((await judge(retryLimitCases, 'retry.limit.webpush-firefox', firefox)).verdict).toBe('fail')
    expect((await judge(retryLimitCases, 'retry.limit.webpush-safari', firefox)).verdict).toBe('skipped')
  })

  it('holds a dispatcher to the limit it declares', async () => {
    const ctx = { limits: channelLimits({ policy: { apns: { retryLimit: 2, readTimeoutMs: 30_000 } } }) }
    const result = await judge(retryLimitCases, 'retry.limit.apns', [failing(0), failing(1000), failing(2000), failing(3000)], { ctx })
    expect(result.verdict).toBe('fail')
    expect(String(result.evidence[0]!.expected)).toMatch(/declared/)
  })
})

describe('retry.none-after.*', () => {
  it('dead address: a bounce is final', async () => {
    expect((await judge(retryNoneAfterCases, 'retry.none-after.dead-address', [busy(0), gone(3000)])).verdict).toBe('pass')
    const retried = await judge(retryNoneAfterCases, 'retry.none-after.dead-address', [gone(0), exchange({ start: 1000 })])
    expect(retried.verdict).toBe('fail')
    expect(retried.evidence[0]!.seq).toHaveLength(2)
  })

  it('bad message: no retry either; skipped when no answer was one', async () => {
    const tooLarge = exchange({ start: 0, status: 413, reason: 'PayloadTooLarge' })
    expect((await judge(retryNoneAfterCases, 'retry.none-after.bad-message', [tooLarge])).verdict).toBe('pass')
    expect((await judge(retryNoneAfterCases, 'retry.none-after.bad-message', [exchange({ start: 0, status: 413, reason: 'PayloadTooLarge' }), exchange({ start: 500, status: 413, reason: 'PayloadTooLarge' })])).verdict).toBe('fail')
    expect((await judge(retryNoneAfterCases, 'retry.none-after.bad-message', [busy(0), exchange({ start: 5000 })])).verdict).toBe('skipped')
  })
})

describe('retry.retry-after.honoured', () => {
  it('a retry no sooner than Retry-After after the answer', async () => {
    expect((await judge(retryAfterCase, 'retry.retry-after.honoured', [busy(0, { retryAfterS: 3 }), exchange({ start: 3010 })])).verdict).toBe('pass')
    const early = await judge(retryAfterCase, 'retry.retry-after.honoured', [busy(0, { retryAfterS: 3 }), exchange({ start: 1000 })])
    expect(early.verdict).toBe('fail')
    expect(early.evidence[0]).toMatchObject({ expected: '≥ 3000 ms', actual: '995 ms' })
    expect((await judge(retryAfterCase, 'retry.retry-after.honoured', [busy(0), exchange({ start: 10 })])).verdict).toBe('skipped')
  })
})

describe('retry.backoff.grows', () => {
  const deliveries = (first: (i: number) => number, later: (i: number) => number) =>
    Array.from({ length: 24 }, (_, i) => {
      const id = `d${i}`
      const a = failing(0, { deliveryId: id })
      const b = failing(a.end + first(i), { deliveryId: id })
      return [a, b, exchange({ start: b.end + later(i), deliveryId: id })]
    }).flat()

  it('passes when later waits are drawn from a doubled window, fails on a constant wait', async () => {
    const jitter = (i: number) => ((i * 7919) % 24) / 24
    expect((await judge(backoffCase, 'retry.backoff.grows', deliveries((i) => 1000 * jitter(i), (i) => 2000 * jitter(i + 5)))).verdict).toBe('pass')
    const constant = await judge(backoffCase, 'retry.backoff.grows', deliveries(() => 500, () => 500))
    expect(constant.verdict).toBe('fail')
    expect(constant.reason).toMatch(/probability 0\.50/)
  })

  it('is skipped with the counts when too few retries waited on backoff', async () => {
    const result = await judge(backoffCase, 'retry.backoff.grows', [failing(0), failing(1000), exchange({ start: 3000 })])
    expect(result.verdict).toBe('skipped')
    expect(result.reason).toMatch(/1 before first retries and 1 before later/)
  })

  it('probabilityGreater is the normalised Mann–Whitney statistic', () => {
    expect(probabilityGreater([2, 3], [1])).toBe(1)
    expect(probabilityGreater([1, 1], [1, 1])).toBe(0.5)
    expect(probabilityGreater([0], [1, 2])).toBe(0)
  })
})

describe('timeout.read.<channel>', () => {
  const hang = (afterMs: number, outcome = 'abandoned') => exchange({ provider: 'webpush', flavour: 'chrome', start: 0, duration: afterMs, status: 0, outcome, decided: 'hang', afterMs })
  it('a hung exchange is abandoned at the channel’s read timeout, within the tolerance', async () => {
    expect((await judge(readTimeoutCases, 'timeout.read.webpush-chrome', [hang(10_050)])).verdict).toBe('pass')
    const early = await judge(readTimeoutCases, 'timeout.read.webpush-chrome', [hang(2_000)])
    expect(early.verdict).toBe('fail')
    expect(early.evidence[0]!.actual).toBe('2000 ms')
    expect((await judge(readTimeoutCases, 'timeout.read.webpush-chrome', [hang(25_000)])).verdict).toBe('fail')
  })

  it('an exchange still owed at shutdown long after the timeout fails; a short run’s is not judged', async () => {
    expect((await judge(readTimeoutCases, 'timeout.read.webpush-chrome', [hang(60_000, 'hung')])).verdict).toBe('fail')
    expect((await judge(readTimeoutCases, 'timeout.read.webpush-chrome', [hang(3_000, 'hung')])).verdict).toBe('skipped')
  })
})

describe('delivery.no-duplicate-accept', () => {
  it('one acceptance per delivery', async () => {
    expect((await judge(noDuplicateAcceptCase, 'delivery.no-duplicate-accept', [busy(0), exchange({ start: 100 })])).verdict).toBe('pass')
    const twice = await judge(noDuplicateAcceptCase, 'delivery.no-duplicate-accept', [exchange({ start: 0 }), exchange({ start: 100 })])
    expect(twice.verdict).toBe('fail')
    expect(twice.evidence[0]!.seq).toHaveLength(2)
  })
})

describe('delivery.no-send-after-ttl and -cutoff', () => {
  const reports = (rules: object) => [{ campaignId: 'c1', rules, deliveries: [{ id: 'd1', personId: 'p1', state: 'accepted', code: null }] }]
  it('TTL counts from the first attempt', async () => {
    expect((await judge(sendDeadlineCases, 'delivery.no-send-after-ttl', [busy(0), exchange({ start: 30_000 })], { reports: reports({ ttlSeconds: 60 }) })).verdict).toBe('pass')
    const late = await judge(sendDeadlineCases, 'delivery.no-send-after-ttl', [busy(0), exchange({ start: 70_000 })], { reports: reports({ ttlSeconds: 60 }) })
    expect(late.verdict).toBe('fail')
    expect(late.evidence[0]).toMatchObject({ campaignId: 'c1', personId: 'p1' })
  })

  it('cut-off is an instant; without the clock capability the case is skipped naming it', async () => {
    const at = (start: number) => [busy(0), exchange({ start })]
    expect((await judge(sendDeadlineCases, 'delivery.no-send-after-cutoff', at(40_000), { reports: reports({ cutoffAt: 50_000 }) })).verdict).toBe('pass')
    expect((await judge(sendDeadlineCases, 'delivery.no-send-after-cutoff', at(60_000), { reports: reports({ cutoffAt: 50_000 }) })).verdict).toBe('fail')
    const noClock = await judge(sendDeadlineCases, 'delivery.no-send-after-cutoff', at(60_000), { reports: reports({ cutoffAt: 50_000 }), ctx: { capabilities: [] } })
    expect(noClock.verdict).toBe('skipped')
    expect(noClock.reason).toMatch(/clock capability/)
  })

  it('without listed deliveries nothing joins to a campaign: skipped with the reason', async () => {
    const result = await judge(sendDeadlineCases, 'delivery.no-send-after-ttl', [busy(0)], { reports: [{ campaignId: 'c1', rules: { ttlSeconds: 1 }, deliveries: null }], ctx: { reportsListDeliveries: false } })
    expect(result.verdict).toBe('skipped')
    expect(result.reason).toMatch(/lists no deliveries/)
  })
})

describe('delivery.no-send-to-suppressed', () => {
  it('no attempt to an address after two bounces in a row', async () => {
    const twice = [gone(0, { deliveryId: 'a' }), gone(1000, { deliveryId: 'b' })]
    expect((await judge(noSendToSuppressedCase, 'delivery.no-send-to-suppressed', twice)).verdict).toBe('pass')
    const after = await judge(noSendToSuppressedCase, 'delivery.no-send-to-suppressed', [...twice, exchange({ start: 5000, deliveryId: 'c' })])
    expect(after.verdict).toBe('fail')
    expect(after.evidence[0]).toMatchObject({ deliveryId: 'c' })
  })

  it('an acceptance between bounces resets the count; a retry of one delivery is not a second bounce', async () => {
    const reset = [gone(0, { deliveryId: 'a' }), exchange({ start: 500, deliveryId: 'b' }), gone(1000, { deliveryId: 'c' }), exchange({ start: 5000, deliveryId: 'd' })]
    expect((await judge(noSendToSuppressedCase, 'delivery.no-send-to-suppressed', reset)).verdict).toBe('skipped')
    const retried = [gone(0, { deliveryId: 'a' }), gone(1000, { deliveryId: 'a' }), exchange({ start: 5000, deliveryId: 'b' })]
    expect((await judge(noSendToSuppressedCase, 'delivery.no-send-to-suppressed', retried)).verdict).toBe('skipped')
  })
})

describe('classification.dashboard-code', () => {
  const reported = (code: string | null, state: string) => [{ campaignId: 'c1', deliveries: [{ id: 'd1', personId: 'p1', state, code }] }]
  it('the reported code is the catalogue’s for the last answer, aliases included', async () => {
    expect((await judge(dashboardCodeCase, 'classification.dashboard-code', [busy(0), gone(3000)], { reports: reported('DeviceTokenInactiveForTopic', 'bounced') })).verdict).toBe('pass')
    expect((await judge(dashboardCodeCase, 'classification.dashboard-code', [busy(0), exchange({ start: 3000 })], { reports: reported(null, 'accepted') })).verdict).toBe('pass')
    const wrong = await judge(dashboardCodeCase, 'classification.dashboard-code', [busy(0), gone(3000)], { reports: reported('apns_unknown', 'failed') })
    expect(wrong.verdict).toBe('fail')
    expect(wrong.evidence[0]).toMatchObject({ expected: 'safari_device_token_inactive_for_topic', actual: 'apns_unknown' })
  })

  it('a last attempt that got no answer means its channel’s code: dispatch_failed on Firefox, fcm_internal_server_error on Chrome, whatever answered before', async () => {
    const timeout = (flavour: string, start: number) => exchange({ provider: 'webpush', flavour, start, status: 0, decided: 'hang', afterMs: 10_000 })
    const unavailable = (flavour: string) => exchange({ provider: 'webpush', flavour, start: 0, status: 503 })
    expect((await judge(dashboardCodeCase, 'classification.dashboard-code', [unavailable('firefox'), timeout('firefox', 20_000)], { reports: reported('dispatch_failed', 'failed') })).verdict).toBe('pass')
    expect((await judge(dashboardCodeCase, 'classification.dashboard-code', [unavailable('chrome'), timeout('chrome', 20_000)], { reports: reported('fcm_internal_server_error', 'failed') })).verdict).toBe('pass')
    const chrome = await judge(dashboardCodeCase, 'classification.dashboard-code', [timeout('chrome', 0)], { reports: reported('dispatch_failed', 'failed') })
    expect(chrome.verdict).toBe('fail')
    expect(chrome.evidence[0]).toMatchObject({ expected: 'fcm_internal_server_error', actual: 'dispatch_failed' })
    expect(chrome.evidence[0]!.note).toMatch(/none: a timeout or reset/)
  })
})

describe('the oracle’s readings of the wire', () => {
  it('reads provider answers through the catalogue, by reason or by an unambiguous status', () => {
    expect(readAnswer({ provider: 'webpush', flavour: 'chrome', outcome: 'answered', status: 410, reason: 'gone:unsubscribed' })).toMatchObject({ class: 'dead-address', dashboard: 'browser_unsubscribed' })
    expect(readAnswer({ provider: 'webpush', flavour: 'firefox', outcome: 'answered', status: 410, reason: '103' })).toMatchObject({ entry: 'autopush:103' })
    expect(readAnswer({ provider: 'fcm', flavour: 'demo', outcome: 'answered', status: 429, reason: 'fcm_sending_rate_exceeded' })).toMatchObject({ class: 'transient' })
    expect(readAnswer({ provider: 'apns', flavour: 'sandbox', outcome: 'answered', status: 200, reason: null })).toEqual({ kind: 'accepted' })
    expect(readAnswer({ provider: 'apns', flavour: 'sandbox', outcome: 'abandoned', status: 0, reason: 'fault:hang' })).toEqual({ kind: 'no-answer', dashboard: 'apns_unknown' })
    expect(readAnswer({ provider: 'webpush', flavour: 'chrome', outcome: 'abandoned', status: 0, reason: 'fault:hang' })).toEqual({ kind: 'no-answer', dashboard: 'fcm_internal_server_error' })
    expect(readAnswer({ provider: 'webpush', flavour: 'safari', outcome: 'reset', status: 0, reason: 'fault:reset' })).toEqual({ kind: 'no-answer', dashboard: 'dispatch_failed' })
    // Firefox 410 without a reason: token_invalid or browser_unsubscribed — the catalogue cannot tell.
    expect(readAnswer({ provider: 'webpush', flavour: 'firefox', outcome: 'answered', status: 410, reason: null })).toEqual({ kind: 'unknown', status: 410 })
  })

  it('maps wall to virtual time by the clock’s segments', () => {
    const time = virtualTime([{ wallMs: 1000, virtualMs: 50_000, timeScale: 0.1 }, { wallMs: 2000, virtualMs: 1_000_000, timeScale: 0.5 }])
    expect(time.at(1500)).toBe(55_000)
    expect(time.at(2100)).toBe(1_000_200)
    expect(time.duration(10, 1500)).toBe(100)
  })

  it('reads Retry-After as seconds, or as a date against the answer’s Date', () => {
    expect(readRetryAfterMs({ 'Retry-After': '3' })).toBe(3000)
    expect(readRetryAfterMs({ 'retry-after': 'Wed, 21 Oct 2026 07:28:05 GMT', date: 'Wed, 21 Oct 2026 07:28:00 GMT' })).toBe(5000)
    expect(readRetryAfterMs({})).toBeUndefined()
  })
})

describe('the fold in bounded memory', () => {
  it('partitioned into buckets by delivery, it reaches the same verdicts as in one go', async () => {
    const timeline = () => [
      ...Array.from({ length: 30 }, (_, i) => [failing(i, { deliveryId: `r${i}` }), failing(200 + i * 37, { deliveryId: `r${i}` }), exchange({ start: 3000 + i * 91, deliveryId: `r${i}` })]).flat(),
      busy(0, { deliveryId: 'ra', retryAfterS: 3 }),
      exchange({ start: 500, deliveryId: 'ra' }),
      gone(0, { deliveryId: 'g1', target: 'dead' }),
      gone(1000, { deliveryId: 'g2', target: 'dead' }),
      exchange({ start: 9000, deliveryId: 'g2', target: 'dead' }),
      exchange({ start: 0, deliveryId: 'twice' }),
      exchange({ start: 10, deliveryId: 'twice' }),
    ]
    const reports = [{ campaignId: 'c1', rules: { ttlSeconds: 1 }, deliveries: [{ id: 'r1', personId: 'p1', state: 'accepted', code: null }, { id: 'g1', personId: 'p2', state: 'bounced', code: 'apns_unknown' }] }]
    const whole = await judgeWire(timeline(), reports, context(), WIRE_CASES, 1)
    const split = await judgeWire(timeline(), reports, context(), WIRE_CASES, 4)
    const verdicts = (results: typeof whole) => results.map((result) => [result.id, result.verdict, result.checked, result.violations])
    expect(verdicts(split)).toEqual(verdicts(whole))
    expect(whole.filter((result) => result.verdict === 'fail').map((result) => result.id).sort()).toEqual([
      'classification.dashboard-code',
      'delivery.no-duplicate-accept',
      'delivery.no-send-after-ttl',
      'delivery.no-send-to-suppressed',
      'retry.none-after.dead-address',
      'retry.retry-after.honoured',
    ])
  })
})
