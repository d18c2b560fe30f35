import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import hdr from 'hdr-histogram-js'
import type { LoadResult } from './result.ts'

const run = promisify(execFile)

export interface H2Load {
  url: string
  headers: Record<string, string>
  body: string
  connections: number
  streams: number
  durationSeconds: number
}

export async function h2loadAvailable(): Promise<boolean> {
  return run('h2load', ['--version']).then(
    () => true,
    () => false,
  )
}

/** HTTP/2 load with nghttp2's h2load; percentiles from its per-request log. */
export async function runH2load(load: H2Load, cpu: number | undefined): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pushsim-h2load-'))
  try {
    const bodyPath = join(dir, 'body')
    const logPath = join(dir, 'log')
    writeFileSync(bodyPath, load.body)
    const args = ['-c', String(load.connections), '-m', String(load.streams), '-D', String(load.durationSeconds), '--warm-up-time=1', '-d', bodyPath, '--log-file', logPath]
    for (const [name, value] of Object.entries(load.headers)) args.push('-H', `${name}: ${value}`)
    args.push(load.url)
    const { stdout } = cpu === undefined ? await run('h2load', args, { maxBuffer: 1 << 24 }) : await run('taskset', ['-c', String(cpu), 'h2load', ...args], { maxBuffer: 1 << 24 })
    const rps = Number(/finished in [^,]+, ([\d.]+) req\/s/.exec(stdout)?.[1] ?? 0)
    const statusLine = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(stdout)
    const failedLine = /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(stdout)
    const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 })
    for (const line of readFileSync(logPath, 'utf8').split('\n')) {
      const micros = Number(line.split('\t')[2])
      if (Number.isFinite(micros) && micros > 0) histogram.recordValue(micros)
    }
    return {
      requestsPerSecond: rps,
      p50Ms: histogram.getValueAtPercentile(50) / 1000,
      p99Ms: histogram.getValueAtPercentile(99) / 1000,
      failures: (statusLine ? Number(statusLine[3]) + Number(statusLine[4]) : 0) + (failedLine ? Number(failedLine[5]) + Number(failedLine[6]) : 0),
      total: failedLine ? Number(failedLine[4]) : histogram.totalCount,
      tool: `h2load (${load.connections} connections × ${load.streams} streams)`,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
