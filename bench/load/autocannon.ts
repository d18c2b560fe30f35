import { createRequire } from 'node:module'
import type { LoadResult } from './result.ts'

// autocannon ships no types; this is the part of its API used here.
interface AutocannonResult {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number }
  non2xx: number
  errors: number
  timeouts: number
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

export interface HttpLoad {
  url: string
  method: 'POST'
  headers: Record<string, string>
  body: string | Buffer
  connections: number
  pipelining: number
  durationSeconds: number
}

/** HTTP/1.1 load with autocannon, as the issue asks. */
export async function runAutocannon(load: HttpLoad): Promise<LoadResult> {
  const result = await autocannon({
    url: load.url,
    method: load.method,
    headers: load.headers,
    body: load.body,
    connections: load.connections,
    pipelining: load.pipelining,
    duration: load.durationSeconds,
  })
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
    tool: `autocannon (${load.connections} connections × ${load.pipelining} pipelined)`,
  }
}
