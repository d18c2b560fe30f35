/**
 * exchangeBatchesOf, read in a worker thread: the same batches, in the
 * same order, with problems handed to the same callback and device lines
 * already encoded as the metric path spills them, while this thread folds
 * the batches before them. Parsing the ledger's
 * JSON is the largest single cost of the oracle's pass and needs nothing
 * of the fold, so on a machine with a second core it overlaps the rest.
 */
import { Worker } from 'node:worker_threads'
import type { Exchange, LedgerProblem } from '../ground-truth.ts'
import type { ClockSegment } from '../virtual-time.ts'
import { WordDecoder } from './exchange-codec.ts'
import type { FromReader, ReaderInput } from './reader-messages.ts'

// Run from source (tsx, vitest), the worker is TypeScript and needs tsx's loader; from dist it is JavaScript.
const FROM_SOURCE = import.meta.url.endsWith('.ts')
const WORKER = new URL(FROM_SOURCE ? './reader-worker.ts' : './reader-worker.js', import.meta.url)

/** Device lines as the metric path spills them (device-spill.ts), made by the worker for `buckets` buckets. */
export interface DeviceLineSink {
  buckets: number
  deviceLine(bucket: number, line: string): void
}

export async function* exchangeBatchesInWorker(paths: { ledgerPath: string; trackingPath: string }, segments: readonly ClockSegment[], onProblem: (problem: LedgerProblem) => void = () => {}, devices?: DeviceLineSink): AsyncGenerator<Exchange[]> {
  const input: ReaderInput = { paths, segments: [...segments], deviceBuckets: devices?.buckets }
  const worker = new Worker(WORKER, { workerData: input, execArgv: FROM_SOURCE ? [...process.execArgv, '--import', 'tsx'] : process.execArgv })
  const queue: FromReader[] = []
  let wake: (() => void) | undefined
  const arrive = (message: FromReader) => {
    queue.push(message)
    wake?.()
    wake = undefined
  }
  worker.on('message', arrive)
  worker.on('error', (error) => arrive({ kind: 'failed', message: error.message }))
  worker.on('exit', (code) => arrive({ kind: 'failed', message: `the ledger reader stopped (exit code ${code})` }))
  const decoder = new WordDecoder()
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      const message = queue.shift()!
      if (message.kind === 'done') return
      if (message.kind === 'failed') throw new Error(message.message)
      worker.postMessage('taken')
      for (const problem of message.problems) onProblem(problem)
      if (devices !== undefined) message.deviceLines.forEach((line, index) => devices.deviceLine(message.deviceBuckets[index]!, line))
      const exchanges = decoder.decode(message.exchanges)
      if (exchanges.length > 0) yield exchanges
    }
  } finally {
    await worker.terminate()
  }
}
