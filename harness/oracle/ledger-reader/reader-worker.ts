/**
 * The worker thread of exchangeBatchesInWorker: reads the ledger and
 * tracking.ndjson (exchangeBatchesOf) and posts each chunk's exchanges,
 * encoded (exchange-codec.ts), with its device lines (as the metric path
 * spills them: device-spill.ts) and problems. It
 * keeps at most WINDOW chunks unacknowledged, so a slower reader holds a
 * few chunks in memory, not the ledger.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DeviceEntry } from '../../../simulators/ledger/device-entry.ts'
import { deviceSpillLine } from '../aggregation/facts/device-spill.ts'
import { exchangeBatchesOf, type LedgerProblem } from '../ground-truth.ts'
import type { ClockSegment } from '../virtual-time.ts'
import { WordEncoder, type EncodedExchanges } from './exchange-codec.ts'
import { WINDOW, type FromReader, type ReaderInput } from './reader-messages.ts'

const port = parentPort!
const input = workerData as ReaderInput
let credits = WINDOW
let wake: (() => void) | undefined
port.on('message', () => {
  credits++
  wake?.()
  wake = undefined
})
const post = (message: FromReader, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer)

try {
  const encoder = new WordEncoder()
  let buckets: number[] = []
  let lines: string[] = []
  let problems: LedgerProblem[] = []
  const { deviceBuckets } = input
  const onDevice =
    deviceBuckets === undefined
      ? undefined
      : (entry: DeviceEntry) => {
          const spilled = deviceSpillLine(entry, deviceBuckets)
          if (spilled === undefined) return
          buckets.push(spilled.bucket)
          lines.push(spilled.line)
        }
  const send = (exchanges: EncodedExchanges) => {
    const bucketArray = Int32Array.from(buckets)
    post({ kind: 'batch', exchanges, deviceBuckets: bucketArray, deviceLines: lines, problems }, [exchanges.numbers.buffer as ArrayBuffer, exchanges.words.buffer as ArrayBuffer, bucketArray.buffer as ArrayBuffer])
    buckets = []
    lines = []
    problems = []
  }
  const segments: readonly ClockSegment[] = input.segments
  for await (const batch of exchangeBatchesOf(input.paths, segments, (problem) => problems.push(problem), onDevice)) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve))
    credits--
    send(encoder.encode(batch))
  }
  // Device lines and problems after the last exchange.
  send(encoder.encode([]))
  post({ kind: 'done' })
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) })
}
