import { connect } from 'node:http2'
import { performance } from 'node:perf_hooks'
import hdr from 'hdr-histogram-js'
import type { H2Load } from './h2load.ts'
import type { LoadResult } from './result.ts'

/** Fallback HTTP/2 load when h2load is not installed: node:http2 sessions keeping `streams` in flight each. */
export async function runNodeH2(load: H2Load, ca: string): Promise<LoadResult> {
  const url = new URL(load.url)
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 })
  let done = 0
  let failures = 0
  const deadline = performance.now() + load.durationSeconds * 1000
  const body = Buffer.from(load.body)
  const sessions = Array.from({ length: load.connections }, () => connect(url.origin, { ca }))
  const worker = (session: ReturnType<typeof connect>) =>
    new Promise<void>((resolve) => {
      const fire = (): void => {
        if (performance.now() > deadline) return resolve()
        const started = performance.now()
        const stream = session.request({ ':method': 'POST', ':path': url.pathname, ...load.headers })
        stream.on('response', (headers) => {
          if (Number(headers[':status']) >= 400) failures++
        })
        stream.on('error', () => failures++)
        stream.resume()
        stream.on('close', () => {
          done++
          histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)))
          fire()
        })
        stream.end(body)
      }
      fire()
    })
  const started = performance.now()
  await Promise.all(sessions.flatMap((session) => Array.from({ length: load.streams }, () => worker(session))))
  const seconds = (performance.now() - started) / 1000
  for (const session of sessions) session.close()
  return {
    requestsPerSecond: done / seconds,
    p50Ms: histogram.getValueAtPercentile(50) / 1000,
    p99Ms: histogram.getValueAtPercentile(99) / 1000,
    failures,
    total: done,
    tool: `node:http2 client (${load.connections} sessions × ${load.streams} streams)`,
  }
}
