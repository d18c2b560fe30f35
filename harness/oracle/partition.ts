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
      await attempts.append(deliveryId, JSON.stringify([deliveryId, seq, channel ?? null, start, end, scale, retryAfterMs ?? null, indexOf(answer), apnsId ?? null]))
    }
    await attempts.close()
    const reported = await BucketFiles.open(dir, 'reported', buckets)
    for (const batch of reports) for (const listed of batch.deliveries ?? []) await reported.append(listed.id, JSON.stringify([batch.campaignId, listed]))
    await reported.close()
    for (let bucket = 0; bucket < buckets; bucket++) {
      const summaries = new Map<string, DeliverySummary>()
      for await (const line of linesOf(attempts.path(bucket))) {
        const [deliveryId, seq, channel, start, end, scale, retryAfterMs, answer, apnsId] = JSON.parse(line) as [string, number, Channel | null, number, number, number, number | null, number, string | null]
        addAttempt(summaries, { deliveryId, seq, channel: channel ?? undefined, start, end, scale, retryAfterMs: retryAfterMs ?? undefined, answer: answers[answer]!, apnsId: apnsId ?? undefined }, observers)
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
  async append(id: string, line: string): Promise<void> {
    const bucket = bucketOf(id, this.handles.length)
    this.pending[bucket] += line + '\n'
    if (this.pending[bucket]!.length > FLUSH_CHARS) await this.flush(bucket)
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
