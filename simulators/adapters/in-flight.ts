/**
 * Exchanges begun and not yet recorded, across every listener: a harness
 * waits for zero (quiescence) before it reads the ledger as final.
 */
export interface InFlight {
  begin(): void
  end(): void
  readonly count: number
}

export function createInFlight(): InFlight {
  let count = 0
  return {
    begin: () => void count++,
    end: () => void count--,
    get count() {
      return count
    },
  }
}
