/** One load run, measured the same way for a simulator and its baseline. */
export interface LoadResult {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  /** Responses outside 2xx, and transport errors: a bench whose target answered errors proves nothing. */
  failures: number
  total: number
  tool: string
}
