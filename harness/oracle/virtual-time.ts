/**
 * Wall → virtual time, from run-result.json `clock.segments` (the run
 * clock's history: each segment says where virtual time stood at a wall
 * instant and how fast it ran from there). The ledger's times are wall
 * times; every rule of push-semantics is in virtual ms.
 */
export interface ClockSegment {
  wallMs: number
  virtualMs: number
  /** Wall ms per virtual ms (0.01: a hundred times faster). */
  timeScale: number
}

export interface VirtualTime {
  /** The virtual instant of a wall instant: virtualMs + (wall − wallMs) / timeScale of the last segment with wallMs ≤ wall (the first one before it). */
  at(wallMs: number): number
  /** A real duration measured at a wall instant, in virtual ms. */
  duration(realMs: number, atWallMs: number): number
  /** The time scale in force at a wall instant. */
  scaleAt(wallMs: number): number
}

export function virtualTime(segments: readonly ClockSegment[]): VirtualTime {
  const sorted = [...segments].sort((a, b) => a.wallMs - b.wallMs)
  // No segments: a run on the wall clock.
  if (sorted.length === 0) sorted.push({ wallMs: 0, virtualMs: 0, timeScale: 1 })
  const segmentAt = (wallMs: number): ClockSegment => {
    let low = 0
    let high = sorted.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (sorted[mid]!.wallMs <= wallMs) low = mid
      else high = mid - 1
    }
    return sorted[low]!
  }
  return {
    at(wallMs) {
      const segment = segmentAt(wallMs)
      return segment.virtualMs + (wallMs - segment.wallMs) / segment.timeScale
    },
    duration: (realMs, atWallMs) => realMs / segmentAt(atWallMs).timeScale,
    scaleAt: (wallMs) => segmentAt(wallMs).timeScale,
  }
}
