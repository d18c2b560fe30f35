/**
 * retry.limit.<channel> across a dispatcher restart (§10 "Crashes"): the
 * case counts a delivery's attempts by the delivery id each one carried on
 * the wire (tracking.ndjson), so the attempts a dispatcher made before a
 * kill -9 and those after its restart add up. A dispatcher that forgets
 * its pre-crash attempts fails; one that remembers them passes.
 */
import { describe, expect, it } from 'vitest'
import { retryLimitCases } from '../harness/oracle/cases/retry-limit.ts'
import { exchange, judge } from './support/oracle-timelines.ts'

const firefox500 = (start: number, deliveryId: string) => exchange({ provider: 'webpush', flavour: 'firefox', start, status: 500, reason: 'server_issue', deliveryId })
const CRASH_GAP = 12_000

describe('retry.limit across a restart', () => {
  it('passes when the attempts before and after the restart stay within 1 + 3', async () => {
    const before = [firefox500(0, 'd1'), firefox500(1000, 'd1')]
    const after = [firefox500(3000 + CRASH_GAP, 'd1'), firefox500(7000 + CRASH_GAP, 'd1')]
    expect(await judge(retryLimitCases, 'retry.limit.webpush-firefox', [...before, ...after])).toMatchObject({ verdict: 'pass', checked: 1 })
  })

  it('fails a dispatcher that starts its count afresh after the restart', async () => {
    const before = [firefox500(0, 'd1'), firefox500(1000, 'd1'), firefox500(3000, 'd1')]
    // After the restart it retries as if none had been made: 1 + 3 more.
    const after = [0, 1000, 3000, 7000].map((offset) => firefox500(offset + 3000 + CRASH_GAP, 'd1'))
    const result = await judge(retryLimitCases, 'retry.limit.webpush-firefox', [...before, ...after])
    expect(result.verdict).toBe('fail')
    expect(result.evidence[0]).toMatchObject({ deliveryId: 'd1', actual: 7 })
  })
})
