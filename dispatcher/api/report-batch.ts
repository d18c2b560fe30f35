/**
 * Device reports come by the thousand (a fast-forward over a day releases a day's worth at once), and
 * written one autocommit each every report costs its own WAL commit. Reports that arrive in the same
 * turn of the event loop are applied together in one transaction, each answered with its own result
 * once the transaction has committed: a 202 still means the report is durably counted.
 */
export type ReportBatch = <T>(apply: () => T) => Promise<T>

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown }

interface Queued {
  apply: () => unknown
  settle: (outcome: Settled) => void
}

export function createReportBatch(inTransaction: <T>(work: () => T) => T): ReportBatch {
  let queue: Queued[] = []
  const flush = () => {
    const taken = queue
    queue = []
    let outcomes: Settled[]
    try {
      // One report's failure (a savepoint inside the batch) undoes only its own writes.
      outcomes = inTransaction(() =>
        taken.map(({ apply }): Settled => {
          try {
            return { ok: true, value: apply() }
          } catch (error) {
            return { ok: false, error }
          }
        }),
      )
    } catch (error) {
      outcomes = taken.map(() => ({ ok: false, error }))
    }
    taken.forEach(({ settle }, i) => settle(outcomes[i]!))
  }
  return <T>(apply: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push({ apply, settle: (outcome) => (outcome.ok ? resolve(outcome.value as T) : reject(outcome.error)) })
    })
}
