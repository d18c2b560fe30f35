/**
 * The ground truth the wire rules judge: every exchange of the ledger,
 * joined with tracking.ndjson (the delivery id it carried), on the virtual
 * clock, its answer read through the catalogue; folded into one small
 * summary per delivery (counts, first/last instants, its latest attempt's
 * few fields), never holding the exchanges: the ledger and the tracking
 * file are streamed side by side in seq order. Rules that need an
 * attempt's predecessor or the exchanges in order watch the fold as it goes
 * (TruthObserver). For a ledger whose summaries would not fit, partition.ts
 * folds the deliveries bucket by bucket (a 2,000,000-exchange ledger of
 * 1.2 million deliveries: 9 buckets, checked within a 192 MB heap).
 */
import type { ProviderName } from '../../simulators/kernel/exchange.ts'
import type { LedgerEntry } from '../../simulators/ledger/entry.ts'
import type { DeviceEntry } from '../../simulators/ledger/device-entry.ts'
import { isDeviceLine, isExchangeLine, readLedgerBatches } from '../../simulators/ledger/reader.ts'
import { textLineBatches } from './text-line-batches.ts'
import { readAnswer, type AnswerReading } from './answer-reading.ts'
import { instantMs } from './iso-instant.ts'
import { channelOf, type Channel } from './channel-policy.ts'
import { readRetryAfterMs } from './retry-after.ts'
import type { ClockSegment, VirtualTime } from './virtual-time.ts'
import { virtualTime } from './virtual-time.ts'

/** One exchange on the wire; times in virtual ms of the run clock. */
export interface Exchange {
  seq: number
  /** The delivery id its tracking payload carried; null when it carried none (an OAuth token request, an unreadable body). */
  deliveryId: string | null
  provider: ProviderName
  /** The ledger's flavour (a web push service, an FCM project); hand-built exchanges may leave it out. */
  flavour?: string | null
  channel: Channel | undefined
  /** APNs/FCM token or web push subscription id, as the simulator read it. */
  target: string | null
  /** startedAt as the ledger has it: wall epoch ms, when the request's head arrived. */
  wallStart: number
  start: number
  /** When its wire outcome was known. */
  end: number
  /** Wall time scale at its start (wall ms per virtual ms): tolerances that come from wall jitter scale with it. */
  scale: number
  /** What the simulator decided (`respond`, `hang`, …) and what reached the client (docs/ledger.md). */
  decided: string
  outcome: string
  status: number
  /** wire.afterMs in virtual ms: from the end of the request to the outcome. */
  afterMs: number
  by: string | undefined
  reason: string | null
  /** Virtual ms, from the answer's Retry-After. */
  retryAfterMs: number | undefined
  apnsId: string | undefined
  answer: AnswerReading
  /** The public part of the credential it carried, when the ledger keeps one (an APNs provider token's `iat=…`). */
  credential?: string
  /** A request for a credential (FCM's OAuth token route), not a send. */
  credentialFetch?: boolean
}

export type Attempt = Exchange & { deliveryId: string }

/** What the dispatcher reported about one delivery (dispatcher-report/<campaign>.json). */
export interface ReportedDelivery {
  campaignId: string
  personId: string | undefined
  state: string | undefined
  code: string | null | undefined
}

/** What a rule may know of a past attempt: the few fields kept per delivery. */
export type AttemptMark = Pick<Attempt, 'seq' | 'start' | 'end' | 'scale' | 'retryAfterMs' | 'answer'>

/**
 * One delivery, as small as the rules allow (it is what the oracle holds
 * per delivery): counts, first and last instants, its latest attempt's few
 * fields, the first terminal answers, and what the dispatcher reported.
 */
export interface DeliverySummary {
  deliveryId: string
  channel: Channel | undefined
  attempts: number
  accepted: number
  /** The first two acceptances' seqs (evidence of a duplicate); 0 for none. */
  firstAcceptedSeq: number
  secondAcceptedSeq: number
  /** Whether every acceptance carried the first one's apns-id: one APNs notification sent again (a retry after a crash), not a second one (§5). */
  acceptedSameApnsId: boolean
  firstAcceptedApnsId?: string | undefined
  firstStart: number
  firstSeq: number
  lastStart: number
  lastSeq: number
  /** The latest-started attempt. */
  last: AttemptMark
  /** The first answer of each terminal class, if any: when it ended and its seq. */
  deadAddress: { seq: number; end: number } | undefined
  badMessage: { seq: number; end: number } | undefined
  report: ReportedDelivery | undefined
}

export interface TruthObserver {
  /** Every exchange, in ledger (finish) order. */
  exchange?(exchange: Exchange): void
  /** Two consecutive attempts of one delivery; `summary` already counts `next`. */
  retry?(previous: AttemptMark, next: AttemptMark, summary: DeliverySummary): void
  /** Once per delivery seen on the wire, after the ledger and the reports. */
  delivery?(summary: DeliverySummary): void
  /** Every attempt as the per-delivery fold takes it: as the ledger is read, or, when the fold is partitioned (partition.ts), bucket by bucket after the ledger and the reports. */
  attempt?(attempt: AttemptRecord): void
  /** A bucket's attempts and deliveries are all given (once, at the end, when the fold is not partitioned). */
  bucketDone?(): void
}

/** The dispatcher's reports, campaign by campaign, as the fold consumes them. */
export interface ReportBatch {
  campaignId: string
  deliveries: readonly { id: string; personId?: string; state?: string; code?: string | null; channel?: string }[] | null
}

/** An attempt as the per-delivery fold needs it, with its answer as the wire gave it (an Exchange is one; partition.ts rebuilds one from its bucket file). */
export type AttemptRecord = AttemptMark & Pick<Exchange, 'provider' | 'outcome' | 'status' | 'reason'> & { deliveryId: string; channel: Channel | undefined; flavour?: string | null | undefined; apnsId?: string | undefined }

/** Exchanges as a fold takes them: one at a time (hand-built, in tests) or a ledger chunk at a time (`{ batches: exchangeBatchesOf(…) }`). */
export type ExchangeSource = AsyncIterable<Exchange> | Iterable<Exchange> | { batches: AsyncIterable<readonly Exchange[]> }

const BATCH = 1024

/** An ExchangeSource in batches, in its order. */
export async function* batchesOf(source: ExchangeSource): AsyncGenerator<readonly Exchange[]> {
  if ('batches' in source) {
    yield* source.batches
    return
  }
  let batch: Exchange[] = []
  for await (const exchange of source) {
    if (batch.push(exchange) === BATCH) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/** The whole fold in memory: for runs whose deliveries fit (partition.ts splits larger ones). */
export async function foldTruth(exchanges: ExchangeSource, reports: Iterable<ReportBatch>, observers: readonly TruthObserver[]): Promise<Map<string, DeliverySummary>> {
  const summaries = new Map<string, DeliverySummary>()
  for await (const batch of batchesOf(exchanges)) {
    for (const exchange of batch) {
      for (const observer of observers) observer.exchange?.(exchange)
      if (exchange.deliveryId === null) continue
      addAttempt(summaries, exchange as Attempt, observers)
      for (const observer of observers) observer.attempt?.(exchange as Attempt)
    }
  }
  addReports(summaries, reports)
  finishDeliveries(summaries, observers)
  for (const observer of observers) observer.bucketDone?.()
  return summaries
}

/** One attempt into its delivery's summary; a retry pair to the observers when it follows the latest one. */
export function addAttempt(summaries: Map<string, DeliverySummary>, attempt: AttemptRecord, observers: readonly TruthObserver[]): void {
  const summary = summaries.get(attempt.deliveryId)
  if (summary === undefined) {
    summaries.set(attempt.deliveryId, startSummary(attempt))
    return
  }
  summary.attempts++
  summary.channel ??= attempt.channel
  noteAnswer(summary, attempt)
  if (attempt.start < summary.firstStart) {
    summary.firstStart = attempt.start
    summary.firstSeq = attempt.seq
  }
  // Attempts of one delivery are sequential, so finish order is start order; one flushed late (hung at shutdown) pairs with nothing.
  if (attempt.start >= summary.last.start) {
    const previous = summary.last
    summary.last = markOf(attempt)
    summary.lastStart = attempt.start
    summary.lastSeq = attempt.seq
    for (const observer of observers) observer.retry?.(previous, summary.last, summary)
  }
}

/** What the dispatcher reported, onto the summaries of deliveries seen on the wire. */
export function addReports(summaries: Map<string, DeliverySummary>, reports: Iterable<ReportBatch>): void {
  for (const batch of reports) for (const listed of batch.deliveries ?? []) addReported(summaries, batch.campaignId, listed)
}

export function addReported(summaries: Map<string, DeliverySummary>, campaignId: string, listed: NonNullable<ReportBatch['deliveries']>[number]): void {
  const summary = summaries.get(listed.id)
  if (summary === undefined) return
  summary.report = { campaignId, personId: listed.personId, state: listed.state, code: listed.code }
  if (summary.channel === undefined && typeof listed.channel === 'string') summary.channel = listed.channel as Channel
}

export function finishDeliveries(summaries: Map<string, DeliverySummary>, observers: readonly TruthObserver[]): void {
  for (const summary of summaries.values()) for (const observer of observers) observer.delivery?.(summary)
}

function startSummary(attempt: AttemptRecord): DeliverySummary {
  const summary: DeliverySummary = {
    deliveryId: attempt.deliveryId,
    channel: attempt.channel,
    attempts: 1,
    accepted: 0,
    firstAcceptedSeq: 0,
    secondAcceptedSeq: 0,
    acceptedSameApnsId: true,
    firstStart: attempt.start,
    firstSeq: attempt.seq,
    lastStart: attempt.start,
    lastSeq: attempt.seq,
    last: markOf(attempt),
    deadAddress: undefined,
    badMessage: undefined,
    report: undefined,
  }
  noteAnswer(summary, attempt)
  return summary
}

// Not the attempt itself: it holds strings (target, reason) a summary has no use for.
const markOf = (attempt: AttemptMark): AttemptMark => ({ seq: attempt.seq, start: attempt.start, end: attempt.end, scale: attempt.scale, retryAfterMs: attempt.retryAfterMs, answer: attempt.answer })

function noteAnswer(summary: DeliverySummary, attempt: AttemptRecord): void {
  const { answer } = attempt
  if (answer.kind === 'accepted') {
    summary.accepted++
    if (summary.accepted === 1) {
      summary.firstAcceptedSeq = attempt.seq
      summary.firstAcceptedApnsId = attempt.apnsId
    } else {
      if (summary.accepted === 2) summary.secondAcceptedSeq = attempt.seq
      if (attempt.apnsId === undefined || attempt.apnsId !== summary.firstAcceptedApnsId) summary.acceptedSameApnsId = false
    }
  } else if (answer.kind === 'error') {
    const mark = { seq: attempt.seq, end: attempt.end }
    if (answer.class === 'dead-address' && (summary.deadAddress === undefined || attempt.end < summary.deadAddress.end)) summary.deadAddress = mark
    if (answer.class === 'bad-message' && (summary.badMessage === undefined || attempt.end < summary.badMessage.end)) summary.badMessage = mark
  }
}

export interface LedgerProblem {
  line: number
  message: string
}

/**
 * The run's exchanges from its files, a ledger chunk at a time
 * (readLedgerBatches: one await per chunk, not per line): the ledger and
 * tracking.ndjson, both in seq order, read side by side (a small look-ahead
 * of tracking lines absorbs local disorder). Unreadable ledger lines go to
 * `onProblem`, device lines to `onDevice` (so one pass serves the metric
 * path too).
 */
export async function* exchangeBatchesOf(paths: { ledgerPath: string; trackingPath: string }, segments: readonly ClockSegment[], onProblem: (problem: LedgerProblem) => void = () => {}, onDevice?: (entry: DeviceEntry) => void): AsyncGenerator<Exchange[]> {
  const time = virtualTime(segments)
  const tracking = trackingBatches(paths.trackingPath)
  const ahead = new Map<number, string | null>()
  let trackedUpTo = 0
  let trackingDone = false
  // When to look for tracking lines the ledger never matched (a torn ledger line), so they do not pile up: past a chunk's worth of look-ahead, and then only once more has come in.
  let pruneAbove = 4096
  for await (const lines of readLedgerBatches(paths.ledgerPath)) {
    const exchanges: Exchange[] = []
    for (const line of lines) {
      if (!line.ok) {
        onProblem({ line: line.error.line, message: line.error.message })
        continue
      }
      if (!isExchangeLine(line)) {
        if (onDevice !== undefined && isDeviceLine(line)) onDevice(line.entry)
        continue
      }
      const seq = line.entry.seq
      while (!trackingDone && trackedUpTo < seq) {
        const next = await tracking.next()
        if (next.done) trackingDone = true
        else
          for (const tracked of next.value) {
            ahead.set(tracked.seq, tracked.deliveryId)
            if (tracked.seq > trackedUpTo) trackedUpTo = tracked.seq
          }
      }
      const deliveryId = ahead.get(seq) ?? null
      ahead.delete(seq)
      if (ahead.size > pruneAbove) {
        for (const key of ahead.keys()) if (key < seq - 100_000) ahead.delete(key)
        pruneAbove = ahead.size + 4096
      }
      exchanges.push(exchangeOf(line.entry, deliveryId, time))
    }
    if (exchanges.length > 0) yield exchanges
  }
  await tracking.return(undefined)
}

export function exchangeOf(entry: LedgerEntry, deliveryId: string | null, time: VirtualTime): Exchange {
  const startWall = instantMs(entry.startedAt)
  const start = time.at(startWall)
  const answer = { provider: entry.provider, flavour: entry.flavour, outcome: entry.wire.outcome, status: entry.wire.status, reason: entry.reason }
  return {
    seq: entry.seq,
    deliveryId,
    provider: entry.provider,
    flavour: entry.flavour,
    channel: channelOf(entry.provider, entry.flavour),
    target: entry.target,
    wallStart: startWall,
    start,
    end: time.at(startWall + entry.durationMs),
    scale: time.scaleAt(startWall),
    decided: entry.delivery,
    outcome: entry.wire.outcome,
    status: entry.wire.status,
    afterMs: time.duration(entry.wire.afterMs, startWall),
    by: entry.wire.by,
    reason: entry.reason,
    retryAfterMs: entry.wire.status > 0 ? readRetryAfterMs(entry.response.headers) : undefined,
    apnsId: headerOf(entry.response.headers, 'apns-id'),
    answer: readAnswer(answer),
    ...credentialOf(entry),
  }
}

const ISSUED_AT = /(?:^|[\s,])(iat=\d+)/

/** What the ledger shows of an exchange's credential: a send's token issue time, or a request to the token route. */
function credentialOf(entry: LedgerEntry): { credential?: string; credentialFetch?: boolean } {
  if (entry.provider === 'fcm' && entry.request.path.endsWith('/token')) return { credentialFetch: true }
  const authorization = entry.request.headers.authorization
  const iat = authorization === undefined ? undefined : ISSUED_AT.exec(authorization)?.[1]
  return iat === undefined ? {} : { credential: iat }
}

function headerOf(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const key in headers) if (key.toLowerCase() === name) return headers[key]
  return undefined
}

/** tracking.ndjson's lines that name a seq, a chunk at a time. */
async function* trackingBatches(path: string): AsyncGenerator<{ seq: number; deliveryId: string | null }[]> {
  for await (const lines of textLineBatches(path)) {
    const tracked: { seq: number; deliveryId: string | null }[] = []
    for (const text of lines) {
      try {
        const value = JSON.parse(text) as { seq?: unknown; deliveryId?: unknown }
        if (typeof value.seq === 'number') tracked.push({ seq: value.seq, deliveryId: typeof value.deliveryId === 'string' ? value.deliveryId : null })
      } catch {
        // A torn last line (the run stopped mid-write): nothing to join.
      }
    }
    yield tracked
  }
}
