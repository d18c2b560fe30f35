/**
 * Wall → virtual time with the run's clock segments (run-result.json
 * `clock.segments`): the last segment that started at or before the wall
 * instant maps it, virtual = virtualMs + (wall − wallMs) / timeScale.
 */
export interface ClockSegment {
  wallMs: number
  virtualMs: number
  timeScale: number
}

export type VirtualClock = (wallMs: number) => number

export function virtualClockOf(segments: readonly ClockSegment[]): VirtualClock {
  const sorted = [...segments].sort((a, b) => a.wallMs - b.wallMs)
  return (wall) => {
    let segment = sorted[0]
    for (const candidate of sorted) if (candidate.wallMs <= wall) segment = candidate
    if (segment === undefined) return wall
    return segment.virtualMs + (wall - segment.wallMs) / segment.timeScale
  }
}
