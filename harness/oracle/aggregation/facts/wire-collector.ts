/**
 * What the metric and aggregation path keeps of the ledger, gathered as
 * the oracle's one pass over it streams by (wire-cases.ts taps the same
 * pass) into a WireIndex. Device reports wait, as a few numbers each, for
 * the end of the pass: the time a report claims is its decision's `due`,
 * and the last decision line of an exchange wins, wherever it stands.
 */
import type { DeviceEntry } from '../../../../simulators/ledger/device-entry.ts'
import type { Exchange } from '../../ground-truth.ts'
import type { ReportFact } from './build.ts'
import { WireIndex } from './wire-index.ts'

const REPORTS: readonly ReportFact['report'][] = ['delivered', 'opened', 'converted']
/** A due time the decision did not give. */
const NONE = -Infinity

export class WireCollector {
  private readonly index = new WireIndex()
  /** exchange seq → row of the due columns (one per report kind, REPORTS order). */
  private readonly dueRows = new Map<number, number>()
  private readonly due: number[][] = REPORTS.map(() => [])
  // The reports the dispatcher took (2xx), as columns; a person only for a conversion.
  private readonly reportExchange: number[] = []
  private readonly reportKind: number[] = []
  private readonly reportAt: number[] = []
  /** The delivery's WireIndex row (-1 for none); a conversion's person instead. */
  private readonly reportRow: number[] = []
  private readonly reportPerson = new Map<number, string>()

  exchange(exchange: Exchange): void {
    if (exchange.deliveryId === null) return
    this.index.addAttempt({ seq: exchange.seq, deliveryId: exchange.deliveryId, provider: exchange.provider, flavour: exchange.flavour ?? null, outcome: exchange.outcome, status: exchange.status, reason: exchange.reason, endVirtualMs: exchange.end })
  }

  device(entry: DeviceEntry): void {
    if (entry.event === 'decision') {
      let row = this.dueRows.get(entry.exchange)
      if (row === undefined) {
        row = this.dueRows.size
        this.dueRows.set(entry.exchange, row)
        for (const column of this.due) column.push(NONE)
      }
      for (const [report, at] of Object.entries(entry.due ?? {})) {
        const kind = REPORTS.indexOf(report as ReportFact['report'])
        if (kind !== -1 && at != null) this.due[kind]![row] = Date.parse(at)
      }
    } else if (entry.event === 'report' && entry.status !== null && entry.status >= 200 && entry.status < 300) {
      const kind = REPORTS.indexOf(entry.report)
      if (kind === -1) return
      if (entry.report === 'converted') this.reportPerson.set(this.reportKind.length, entry.personId)
      this.reportExchange.push(entry.exchange)
      this.reportKind.push(kind)
      this.reportAt.push(Date.parse(entry.virtualAt))
      this.reportRow.push(entry.deliveryId === null || entry.report === 'converted' ? -1 : this.index.rowOf(entry.deliveryId))
    }
  }

  /** The index, with every report folded in at its due time. Call once, after the pass. */
  read(): WireIndex {
    for (let i = 0; i < this.reportKind.length; i++) {
      const kind = this.reportKind[i]!
      const row = this.dueRows.get(this.reportExchange[i]!)
      const due = row === undefined ? NONE : this.due[kind]![row]!
      const atMs = due === NONE ? this.reportAt[i]! : due
      const report = REPORTS[kind]!
      if (report === 'converted') this.index.conversions.push({ personId: this.reportPerson.get(i)!, atMs })
      else if (this.reportRow[i] !== -1) this.index.addViewReport(this.reportRow[i]!, report, atMs)
    }
    // Folded: what waited for the end of the pass is let go before the campaigns are judged.
    this.dueRows.clear()
    for (const column of [...this.due, this.reportExchange, this.reportKind, this.reportAt, this.reportRow]) column.length = 0
    this.reportPerson.clear()
    return this.index
  }
}
