/**
 * The connect-timeout cases over a saved run (verify.ts registry): the
 * ledger's `connection` lines, found by their line prefix so that a run
 * with millions of exchanges is not parsed twice, and only when the
 * scenario planned a slow-connect fault (nothing else writes them).
 */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { CaseResult } from './case.ts'
import { judgeConnectTimeouts, type HeldLine } from './cases/connect-timeout.ts'
import { channelLimits } from './channel-policy.ts'
import type { RunData } from './run-data.ts'
import { virtualTime } from './virtual-time.ts'

const CONNECTION_LINE = '{"schema":1,"kind":"connection"'

export async function connectTimeoutCases(data: RunData): Promise<CaseResult[]> {
  const limits = channelLimits(data.result.dispatcher?.settings)
  const time = virtualTime(data.result.clock.segments)
  const faults = (data.result.plan?.summary as { faults?: { type?: string }[] } | null | undefined)?.faults ?? []
  if (!faults.some((fault) => fault.type === 'slow-connect')) return judgeConnectTimeouts([], limits, time, 'the scenario stalls no connect (no slow-connect fault)')
  const held: HeldLine[] = []
  const lines = createInterface({ input: createReadStream(data.ledgerPath), crlfDelay: Infinity })
  for await (const text of lines) {
    if (!text.startsWith(CONNECTION_LINE)) continue
    try {
      const line = JSON.parse(text) as HeldLine & { event?: string }
      if (line.event === 'held') held.push(line)
    } catch {
      // A torn last line: the hold it would have recorded is not judged.
    }
  }
  return judgeConnectTimeouts(held, limits, time)
}
