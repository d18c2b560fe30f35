/**
 * Timers on a run clock: tasks due at virtual instants, fired when the
 * clock reaches them, whether by running or by a jump. One min-heap and one
 * wall timeout for the earliest, re-armed on every clock change: a hundred
 * thousand pending device reports cost one timer, and a jump over a week
 * fires what fell due in order.
 */
import type { RunClock } from './run-clock.ts'

export interface ClockTimers {
  /** Runs `task` once the clock reaches `atMs` (virtual epoch ms); at once if it already has. */
  at(atMs: number, task: () => void): { cancel(): void }
  /** Resolves once the clock reaches `atMs`, or at once when `signal` aborts. */
  until(atMs: number, signal?: AbortSignal): Promise<void>
  /** Resolves after `ms` of virtual time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** Tasks not yet fired. */
  readonly pending: number
  /** The virtual instant the last pending task is due, if any (a run fast-forwards to it when nothing else waits). */
  lastDueMs(): number | undefined
  /** Cancels every pending task and stops following the clock. */
  close(): void
}

interface Entry {
  atMs: number
  order: number
  task: () => void
  cancelled: boolean
}

export function createClockTimers(clock: RunClock): ClockTimers {
  const heap: Entry[] = []
  let order = 0
  let live = 0
  let wallTimer: NodeJS.Timeout | undefined
  let closed = false

  const less = (a: Entry, b: Entry) => a.atMs < b.atMs || (a.atMs === b.atMs && a.order < b.order)
  const push = (entry: Entry) => {
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!less(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }
  const pop = (): Entry => {
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        const right = left + 1
        let smallest = i
        if (left < heap.length && less(heap[left]!, heap[smallest]!)) smallest = left
        if (right < heap.length && less(heap[right]!, heap[smallest]!)) smallest = right
        if (smallest === i) break
        ;[heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!]
        i = smallest
      }
    }
    return top
  }

  const fire = () => {
    wallTimer = undefined
    const now = clock.now()
    while (heap.length > 0 && heap[0]!.atMs <= now) {
      const entry = pop()
      if (entry.cancelled) continue
      live--
      entry.task()
    }
    arm()
  }
  const arm = () => {
    if (wallTimer !== undefined) clearTimeout(wallTimer)
    wallTimer = undefined
    while (heap.length > 0 && heap[0]!.cancelled) pop()
    if (closed || heap.length === 0) return
    // +1 ms: the virtual clock floors, so firing on the boundary could find the task not yet due.
    wallTimer = setTimeout(fire, Math.max(0, Math.ceil(clock.wallMsFor(heap[0]!.atMs - clock.now())) + 1))
  }
  const stopFollowing = clock.onChange(() => arm())

  const at = (atMs: number, task: () => void) => {
    const entry: Entry = { atMs, order: order++, task, cancelled: false }
    if (closed) return { cancel: () => {} }
    live++
    const wasEarliest = heap.length === 0 || less(entry, heap[0]!)
    push(entry)
    if (wasEarliest) arm()
    return {
      cancel: () => {
        if (entry.cancelled) return
        entry.cancelled = true
        live--
      },
    }
  }
  const until = (atMs: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || closed) return resolve()
      const done = () => {
        signal?.removeEventListener('abort', aborted)
        resolve()
      }
      const timer = at(atMs, done)
      const aborted = () => {
        timer.cancel()
        resolve()
      }
      signal?.addEventListener('abort', aborted, { once: true })
    })

  return {
    at,
    until,
    sleep: (ms, signal) => until(clock.now() + Math.max(0, ms), signal),
    get pending() {
      return live
    },
    lastDueMs() {
      let last: number | undefined
      for (const entry of heap) if (!entry.cancelled && (last === undefined || entry.atMs > last)) last = entry.atMs
      return last
    },
    close() {
      closed = true
      stopFollowing()
      if (wallTimer !== undefined) clearTimeout(wallTimer)
      for (const entry of heap) entry.cancelled = true
      heap.length = 0
      live = 0
    },
  }
}
