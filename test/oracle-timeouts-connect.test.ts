/**
 * timeout.connect.<apns|fcm|webpush> on hand-built ledger `connection`
 * lines: a stalled connect given up at the connect timeout (10 s by §2, or
 * as declared) passes; one given up far earlier, or waited on past the
 * window, or never given up, fails; no held connection is skipped.
 */
import { describe, expect, it } from 'vitest'
import { judgeConnectTimeouts, type HeldLine } from '../harness/oracle/cases/connect-timeout.ts'
import { channelLimits } from '../harness/oracle/channel-policy.ts'
import { virtualTime } from '../harness/oracle/virtual-time.ts'

const limits = channelLimits(undefined)
const wallClock = virtualTime([{ wallMs: 0, virtualMs: 0, timeScale: 1 }])
let seq = 1
const held = (provider: string, outcome: HeldLine['outcome'], afterMs: number, heldMs = 60_000): HeldLine => ({ seq: seq++, provider, connection: seq, acceptedAt: new Date(1_000_000).toISOString(), heldMs, outcome, afterMs })
const caseOf = (lines: HeldLine[], id: string, options: { limits?: typeof limits; time?: typeof wallClock } = {}) => judgeConnectTimeouts(lines, options.limits ?? limits, options.time ?? wallClock).find((result) => result.id === id)!

describe('timeout.connect.*', () => {
  it('passes a connect given up at 10 s', () => {
    expect(caseOf([held('apns', 'left', 10_050), held('apns', 'left', 9_990)], 'timeout.connect.apns')).toMatchObject({ verdict: 'pass', checked: 2 })
    // A hold shorter than the timeout is simply waited out.
    expect(caseOf([held('fcm', 'released', 2_000, 2_000)], 'timeout.connect.fcm').verdict).toBe('pass')
  })

  it('fails a connect given up too early, waited on too long, or never given up', () => {
    const early = caseOf([held('webpush', 'left', 3_000)], 'timeout.connect.webpush')
    expect(early.verdict).toBe('fail')
    expect(early.evidence[0]).toMatchObject({ expected: '9000–12000 ms', actual: 'left after 3000 ms' })
    expect(caseOf([held('apns', 'released', 60_000)], 'timeout.connect.apns').evidence[0]!.note).toMatch(/waited 60000 ms/)
    expect(caseOf([held('fcm', 'open', 45_000)], 'timeout.connect.fcm').evidence[0]!.note).toMatch(/still waiting/)
  })

  it('holds a dispatcher to the connect timeout it declares, and scales with the run', () => {
    const declared = channelLimits({ policy: { apns: { connectTimeoutMs: 2_000 } } })
    expect(caseOf([held('apns', 'left', 10_000)], 'timeout.connect.apns', { limits: declared }).verdict).toBe('fail')
    expect(caseOf([held('apns', 'left', 2_000)], 'timeout.connect.apns', { limits: declared }).verdict).toBe('pass')
    // At time scale 0.05 a 10 s timeout lasts 500 real ms.
    const fast = virtualTime([{ wallMs: 0, virtualMs: 0, timeScale: 0.05 }])
    expect(caseOf([held('apns', 'left', 500)], 'timeout.connect.apns', { time: fast }).verdict).toBe('pass')
    expect(caseOf([held('apns', 'left', 2_000)], 'timeout.connect.apns', { time: fast }).verdict).toBe('fail')
  })

  it('in clear, the read timeout may be what gives up (the TCP connect was done)', () => {
    const clear = (afterMs: number): HeldLine => ({ ...held('fcm', 'left', afterMs), tls: false })
    expect(caseOf([clear(30_100), clear(10_000)], 'timeout.connect.fcm').verdict).toBe('pass')
    expect(caseOf([{ ...held('fcm', 'left', 30_100), tls: true }], 'timeout.connect.fcm').verdict).toBe('fail')
    expect(caseOf([clear(20_000)], 'timeout.connect.fcm').evidence[0]!.expected).toBe('9000–12000 ms or 27000–36000 ms')
  })

  it('is skipped with the reason when nothing stalled', () => {
    expect(caseOf([], 'timeout.connect.apns').verdict).toBe('skipped')
    expect(judgeConnectTimeouts([held('apns', 'left', 3_000)], limits, wallClock, 'no slow-connect fault')[0]).toMatchObject({ verdict: 'skipped', reason: 'no slow-connect fault' })
  })
})
