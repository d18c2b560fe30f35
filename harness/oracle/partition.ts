/**
 * The fold of ground-truth.ts in bounded memory, for ledgers too large to
 * hold a summary of every delivery at once: the exchanges are streamed
 * once (exchange observers run then), each tracked attempt is written to
 * one of N bucket files by a hash of its delivery id, the reported
 * deliveries likewise, and the buckets are folded one at a time. What is
 * held is one bucket's summaries: deliveries / N.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AnswerReading } from './answer-reading.ts'
import type { Channel } from './channel-policy.ts'
import { addAttempt, addReported, batchesOf, finishDeliveries, type Attempt, type AttemptRecord, type DeliverySummary, type ExchangeSource, type ReportBatch, type TruthObserver } from './ground-truth.ts'

/** An attempt's answer: its reading through the catalogue and the wire's own fields. */
type Answer = Pick<AttemptRecord, 'answer' | 'provider' | 'flavour' | 'outcome' | 'status' | 'reason'>
import { bucketOf, fieldOf, SpillFiles, textOf } from './spill-files.ts'

export async function foldTruthPartitioned(exchanges: ExchangeSource, reports: Iterable<ReportBatch>, observers: readonly TruthObserver[], buckets: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pushsim-oracle-'))
  try {
    // Answers are few (one per distinct answer on the wire): bucket lines name them by number, an answer being its reading and its wire fields.
    const answers: Answer[] = []
    const answerIndex = new Map<string, number>()
    const readingIndex = new Map<AnswerReading, number>()
    const indexOf = (attempt: Attempt): number => {
      const { answer: reading, provider, flavour, outcome, status, reason } = attempt
      // readAnswer hands out one object per distinct reading: numbered by identity, by value only on first sight.
      let readingId = readingIndex.get(reading)
      if (readingId === undefined) {
        readingId = readingIndex.size < 10_000 ? readingIndex.size : -1
        if (readingId !== -1) readingIndex.set(reading, readingId)
      }
      const key = `${readingId === -1 ? JSON.stringify(reading) : readingId}\u0000${provider}\u0000${flavour ?? '\u0001'}\u0000${outcome}\u0000${status}\u0000${reason ?? '\u0001'}`
      let index = answerIndex.get(key)
      if (index === undefined) {
        index = answers.push({ answer: reading, provider, flavour: flavour ?? null, outcome, status, reason }) - 1
        answerIndex.set(key, index)
      }
      return index
    }
    const attempts = new SpillFiles(dir, 'attempts', buckets)
    for await (const batch of batchesOf(exchanges)) {
      for (const exchange of batch) {
        for (const observer of observers) observer.exchange?.(exchange)
        if (exchange.deliveryId === null) continue
        const { deliveryId, seq, channel, start, end, scale, retryAfterMs, apnsId } = exchange
        // Tab-separated: numbers as text (String round-trips a double), strings as JSON (which never leaves a raw tab).
        attempts.append(bucketOf(deliveryId, buckets), `${seq}\t${channel ?? ''}\t${start}\t${end}\t${scale}\t${retryAfterMs ?? ''}\t${indexOf(exchange as Attempt)}\t${fieldOf(deliveryId)}\t${apnsId === undefined ? '' : fieldOf(apnsId)}`)
      }
    }
    attempts.close()
    const reported = new SpillFiles(dir, 'reported', buckets)
    for (const batch of reports) {
      for (const { id, personId, state, code, channel } of batch.deliveries ?? []) reported.append(bucketOf(id, buckets), JSON.stringify([batch.campaignId, { id, personId, state, code, channel }]))
    }
    reported.close()
    for (let bucket = 0; bucket < buckets; bucket++) {
      const summaries = new Map<string, DeliverySummary>()
      for (const line of attempts.lines(bucket)) {
        const [seq, channel, start, end, scale, retryAfterMs, answer, deliveryId, apnsId] = line.split('\t') as [string, string, string, string, string, string, string, string, string]
        const attempt = { deliveryId: textOf(deliveryId), seq: Number(seq), channel: channel === '' ? undefined : (channel as Channel), start: Number(start), end: Number(end), scale: Number(scale), retryAfterMs: retryAfterMs === '' ? undefined : Number(retryAfterMs), ...answers[Number(answer)]!, apnsId: apnsId === '' ? undefined : textOf(apnsId) }
        addAttempt(summaries, attempt, observers)
        for (const observer of observers) observer.attempt?.(attempt)
      }
      attempts.remove(bucket)
      for (const line of reported.lines(bucket)) {
        const [campaignId, listed] = JSON.parse(line) as [string, NonNullable<ReportBatch['deliveries']>[number]]
        addReported(summaries, campaignId, listed)
      }
      reported.remove(bucket)
      finishDeliveries(summaries, observers)
      for (const observer of observers) observer.bucketDone?.()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
