/**
 * The fold of ground-truth.ts in bounded memory, for ledgers too large to
 * hold a summary of every delivery at once: the exchanges are streamed
 * once (exchange observers run then), each tracked attempt is written to
 * one of N bucket files by a hash of its delivery id, the reported
 * deliveries likewise, and the buckets are folded one at a time. What is
 * held is one bucket's summaries: deliveries / N.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { AnswerReading } from './answer-reading.ts'
import type { Channel } from './channel-policy.ts'
import { addAttempt, addReported, finishDeliveries, type DeliverySummary, type Exchange, type ReportBatch, type TruthObserver } from './ground-truth.ts'

const FLUSH_CHARS = 256 * 1024

export async function foldTruthPartitioned(exchanges: AsyncIterable<Exchange> | Iterable<Exchange>, reports: Iterable<ReportBatch>, observers: readonly TruthObserver[], buckets: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pushsim-oracle-'))
  try {
    // Answers are few (one per distinct answer on the wire): bucket lines name them by index.
    const answers: AnswerReading[] = []
    const answerIndex = new Map<string, number>()
    const indexOf = (answer: AnswerReading): number => {
      const key = JSON.stringify(answer)
      let index = answerIndex.get(key)
      if (index === undefined) {
        index = answers.push(answer) - 1
        answerIndex.set(key, index)
      }
      return index
    }
    const attempts = await BucketFiles.open(dir, 'attempts', buckets)
    for await (const exchange of exchanges) {
      for (const observer of observers) observer.exchange?.(exchange)
      if (exchange.deliveryId === null) continue
      const { deliveryId, seq, channel, start, end, scale, retryAfterMs, answer, apnsId } = exchange
      // Tab-separated: numbers as text (String round-trips a double), strings JSON-encoded (which never leaves a raw tab).
      const flushing = attempts.append(deliveryId, `${seq}\t${channel ?? ''}\t${start}\t${end}\t${scale}\t${retryAfterMs ?? ''}\t${indexOf(answer)}\t${JSON.stringify(deliveryId)}\t${apnsId === undefined ? '' : JSON.stringify(apnsId)}`)
      if (flushing !== undefined) await flushing
    }
    await attempts.close()
    const reported = await BucketFiles.open(dir, 'reported', buckets)
    for (const batch of reports) {
      for (const { id, personId, state, code, channel } of batch.deliveries ?? []) {
        const flushing = reported.append(id, JSON.stringify([batch.campaignId, { id, personId, state, code, channel }]))
        if (flushing !== undefined) await flushing
      }
    }
    await reported.close()
    for (let bucket = 0; bucket < buckets; bucket++) {
      const summaries = new Map<string, DeliverySummary>()
      for await (const line of linesOf(attempts.path(bucket))) {
        const [seq, channel, start, end, scale, retryAfterMs, answer, deliveryId, apnsId] = line.split('\t') as [string, string, string, string, string, string, string, string, string]
        const attempt = { deliveryId: decoded(deliveryId), seq: Number(seq), channel: channel === '' ? undefined : (channel as Channel), start: Number(start), end: Number(end), scale: Number(scale), retryAfterMs: retryAfterMs === '' ? undefined : Number(retryAfterMs), answer: answers[Number(answer)]!, apnsId: apnsId === '' ? undefined : decoded(apnsId) }
        addAttempt(summaries, attempt, observers)
      }
      for await (const line of linesOf(reported.path(bucket))) {
        const [campaignId, listed] = JSON.parse(line) as [string, NonNullable<ReportBatch['deliveries']>[number]]
        addReported(summaries, campaignId, listed)
      }
      finishDeliveries(summaries, observers)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A JSON-encoded string; most need no unescaping. */
const decoded = (text: string): string => (text.includes('\\') ? (JSON.parse(text) as string) : text.slice(1, -1))

/** FNV-1a: a delivery id to its bucket, the same for its attempts and its report. */
export function bucketOf(id: string, buckets: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193)
  return (hash >>> 0) % buckets
}

class BucketFiles {
  private constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly handles: FileHandle[],
    private readonly pending: string[],
  ) {}
  static async open(dir: string, name: string, buckets: number): Promise<BucketFiles> {
    const handles = await Promise.all(Array.from({ length: buckets }, (_, bucket) => open(join(dir, `${name}-${bucket}.ndjson`), 'w')))
    return new BucketFiles(dir, name, handles, handles.map(() => ''))
  }
  path(bucket: number): string {
    return join(this.dir, `${this.name}-${bucket}.ndjson`)
  }
  /** A promise only when the bucket's buffer is written out: most lines cost no await. */
  append(id: string, line: string): Promise<void> | undefined {
    const bucket = bucketOf(id, this.handles.length)
    this.pending[bucket] += line + '\n'
    return this.pending[bucket]!.length > FLUSH_CHARS ? this.flush(bucket) : undefined
  }
  private async flush(bucket: number): Promise<void> {
    const text = this.pending[bucket]!
    this.pending[bucket] = ''
    if (text !== '') await this.handles[bucket]!.write(text)
  }
  async close(): Promise<void> {
    for (let bucket = 0; bucket < this.handles.length; bucket++) await this.flush(bucket)
    await Promise.all(this.handles.map((handle) => handle.close()))
  }
}

async function* linesOf(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity })
  for await (const line of lines) if (line !== '') yield line
}
