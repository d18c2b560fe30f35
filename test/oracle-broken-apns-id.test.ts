/**
 * delivery.no-duplicate-accept and a dispatcher killed mid-send (found by
 * the kill -9 run of test/oracle-broken.test.ts): an APNs attempt accepted
 * just before the kill is sent again after the restart with the same
 * apns-id, which APNs shows as one notification (issue 11 §1: "unless the
 * same apns-id explains a retry"). Two acceptances pass only when every
 * one carried the first one's apns-id, in one go and partitioned.
 */
import { describe, expect, it } from 'vitest'
import type { Exchange } from '../harness/oracle/ground-truth.ts'
import { judgeWire } from '../harness/oracle/wire-cases.ts'
import { noDuplicateAcceptCase } from '../harness/oracle/cases/no-duplicate-accept.ts'
import { context, exchange } from './support/oracle-timelines.ts'

const accepted = (start: number, apnsId: string | undefined): Exchange => ({ ...exchange({ start }), apnsId })

async function verdict(exchanges: Exchange[], buckets: number) {
  const [result] = await judgeWire(exchanges, [], context(), [noDuplicateAcceptCase], buckets)
  return result!
}

describe.each([1, 3])('delivery.no-duplicate-accept with apns-ids (%i bucket(s))', (buckets) => {
  it('passes a resend with the first acceptance’s apns-id', async () => {
    expect((await verdict([accepted(0, 'A-1'), accepted(500, 'A-1')], buckets)).verdict).toBe('pass')
  })
  it('fails two acceptances with different apns-ids, or without one, or a third with another', async () => {
    expect((await verdict([accepted(0, 'A-1'), accepted(500, 'A-2')], buckets)).verdict).toBe('fail')
    expect((await verdict([accepted(0, undefined), accepted(500, undefined)], buckets)).verdict).toBe('fail')
    const third = await verdict([accepted(0, 'A-1'), accepted(500, 'A-1'), accepted(900, 'A-3')], buckets)
    expect(third.verdict).toBe('fail')
    expect(third.evidence[0]).toMatchObject({ expected: 1, actual: 3 })
  })
})
