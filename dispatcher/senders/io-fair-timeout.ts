/**
 * A timeout that gives I/O already waiting its turn first. libuv runs
 * expired timers before it polls sockets, so after the event loop was held
 * up (a loaded machine, a long synchronous step) a plain timer fires on an
 * answer that arrived in time and sits unread in the socket buffer: the
 * dispatcher abandons an attempt the provider accepted, and sends it again.
 * Expiring from the check phase (setImmediate) lets this turn's poll read
 * the answer first; an answer that truly never came costs one loop turn.
 *
 * Returns the function that cancels it.
 */
export function ioFairTimeout(expire: () => void, ms: number): () => void {
  let immediate: NodeJS.Immediate | undefined
  const timer = setTimeout(() => {
    immediate = setImmediate(expire)
  }, ms)
  return () => {
    clearTimeout(timer)
    if (immediate !== undefined) clearImmediate(immediate)
  }
}
