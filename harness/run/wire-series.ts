/**
 * The wire over time, for the report's performance section: exchanges,
 * acceptances and errors per virtual second (coarsened at the end to a
 * readable number of buckets), retry spacing against the Retry-After of the
 * answer before it, and how long the client waited on exchanges it
 * abandoned. Samples keep the first ones in ledger order, so a run's report
 * stays small whatever its size; totals count them all.
 */
import type { LedgerRecord } from '../../simulators/ledger/entry.ts'
import { channelLimits, channelOf } from '../oracle/channel-policy.ts'
import { readRetryAfterMs } from '../oracle/retry-after.ts'
import type { WireSeries } from '../result/run-result.ts'

const SAMPLE_LIMIT = 500
const MAX_POINTS = 240
const BUCKETS_MS = [1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000]

/** The answer a retry follows, as the delivery's last attempt left it: fields the record already holds, its text made only when a retry comes. */
export interface LastAnswer {
  endVirtualMs: number
  status: number
  reason: string | undefined
  wireKind: string
  retryAfterMs: number | null
}

export interface WireSeriesRecorder {
  exchange(record: LedgerRecord, accepted: boolean, endVirtualMs: number, waitedVirtualMs: number): void
  /** A delivery's next attempt, after `previous`. */
  retry(record: LedgerRecord, previous: LastAnswer, startVirtualMs: number): void
  lastAnswer(record: LedgerRecord, endVirtualMs: number): LastAnswer
  /** The series, with each channel's read timeout as the dispatcher declared it (its /health settings) or §2's. */
  series(attempts: Iterable<number>, declaredSettings: unknown): WireSeries
}

export function createWireSeries(): WireSeriesRecorder {
  const perSecond = new Map<number, { exchanges: number; accepted: number; errors: number }>()
  const retries: WireSeries['retrySpacing'] = { total: 0, samples: [] }
  const abandoned = new Map<string, { total: number; waitedMs: number[] }>()
  const channel = (record: LedgerRecord) => channelOf(record.provider, record.flavour ?? null) ?? record.provider
  return {
    exchange(record, accepted, endVirtualMs, waitedVirtualMs) {
      const second = Math.floor(endVirtualMs / 1000) * 1000
      const bucket = perSecond.get(second) ?? { exchanges: 0, accepted: 0, errors: 0 }
      bucket.exchanges++
      if (accepted) bucket.accepted++
      else bucket.errors++
      perSecond.set(second, bucket)
      if (record.wire.kind !== 'abandoned') return
      const list = abandoned.get(channel(record)) ?? { total: 0, waitedMs: [] }
      list.total++
      if (list.waitedMs.length < SAMPLE_LIMIT) list.waitedMs.push(Math.round(waitedVirtualMs))
      abandoned.set(channel(record), list)
    },
    retry(record, previous, startVirtualMs) {
      retries.total++
      if (retries.samples.length >= SAMPLE_LIMIT) return
      const answer = previous.status > 0 ? `${previous.status}${previous.reason ? ` ${previous.reason}` : ''}` : previous.wireKind
      retries.samples.push({ channel: channel(record), answer, retryAfterMs: previous.retryAfterMs, spacingMs: Math.max(0, Math.round(startVirtualMs - previous.endVirtualMs)) })
    },
    lastAnswer(record, endVirtualMs) {
      // Retry-After comes with refusals (429, 503, …): an acceptance's headers are not read.
      return { endVirtualMs, status: record.status, reason: record.reason, wireKind: record.wire.kind, retryAfterMs: record.status >= 400 ? (readRetryAfterMs(record.responseHeaders) ?? null) : null }
    },
    series(attempts, declaredSettings) {
      const limits = channelLimits(declaredSettings)
      const histogram: Record<string, number> = {}
      for (const count of attempts) histogram[count] = (histogram[count] ?? 0) + 1
      return {
        throughput: coarsen(perSecond),
        attempts: histogram,
        retrySpacing: retries,
        timeouts: [...abandoned].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) => {
          const limit = (limits as Record<string, { readTimeoutMs: number; source: 'table' | 'declared' } | undefined>)[name]
          return { channel: name, declaredMs: limit?.readTimeoutMs ?? 0, source: limit?.source ?? 'table', ...list }
        }),
      }
    },
  }
}

/** Per-second counts summed into the smallest bucket that keeps at most MAX_POINTS non-empty buckets. */
function coarsen(perSecond: ReadonlyMap<number, { exchanges: number; accepted: number; errors: number }>): WireSeries['throughput'] {
  const seconds = [...perSecond.keys()].sort((a, b) => a - b)
  const bucketMs = BUCKETS_MS.find((size) => new Set(seconds.map((second) => Math.floor(second / size))).size <= MAX_POINTS) ?? BUCKETS_MS.at(-1)!
  const buckets = new Map<number, { exchanges: number; accepted: number; errors: number }>()
  for (const second of seconds) {
    const start = Math.floor(second / bucketMs) * bucketMs
    const bucket = buckets.get(start) ?? { exchanges: 0, accepted: 0, errors: 0 }
    const counts = perSecond.get(second)!
    bucket.exchanges += counts.exchanges
    bucket.accepted += counts.accepted
    bucket.errors += counts.errors
    buckets.set(start, bucket)
  }
  return { bucketMs, points: [...buckets].map(([start, counts]) => ({ at: new Date(start).toISOString(), ...counts })) }
}
