/**
 * What the metric and aggregation path keeps of the ledger, gathered as
 * the oracle's one pass over it streams by (wire-cases.ts taps the same
 * pass), in memory that does not grow with the ledger: each attempt and
 * each device line goes to a bucket file by its delivery id (a decision
 * and its reports carry their exchange's delivery id: harness/devices/
 * fleet.ts writes them from one base), and each campaign names the
 * deliveries it lists (want). finish() then folds one bucket at a time
 * into a WireIndex — a report's time is its decision's `due`, the last
 * decision of an exchange winning wherever it stands — and writes what each
 * wanted delivery shows to its campaign's file (campaign-wires.ts).
 */
import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DeviceEntry } from '../../../../simulators/ledger/device-entry.ts'
import type { Exchange } from '../../ground-truth.ts'
import { instantMs } from '../../iso-instant.ts'
import { bucketOf, fieldOf, SpillFiles, textOf } from '../../spill-files.ts'
import type { ReportFact } from './build.ts'
import { CampaignWires, wireLine } from './campaign-wires.ts'
import { AnswerTable } from './wire-class.ts'
import { WireIndex, type Conversion } from './wire-index.ts'

const REPORTS: readonly ReportFact['report'][] = ['delivered', 'opened', 'converted']
/** A due time the decision did not give. */
const NONE = -Infinity
const DECISION = 'D'
const REPORT = 'R'

/** Ledger bytes per bucket: some 130,000 deliveries of a ledger like the bench's, whose index takes some 25 MB. */
const LEDGER_BYTES_PER_BUCKET = 128 * 1024 * 1024

/** How many buckets the deliveries of the ledger at `path` are folded in. */
export const bucketsFor = (ledgerPath: string): number => Math.max(1, Math.ceil(statSync(ledgerPath).size / LEDGER_BYTES_PER_BUCKET))

export class WireCollector {
  private readonly dir = mkdtempSync(join(tmpdir(), 'pushsim-wire-'))
  private readonly answers = new AnswerTable()
  private readonly attempts: SpillFiles
  private readonly devices: SpillFiles
  private readonly wanted: SpillFiles
  private campaigns = 0

  /** `buckets`: how many parts the deliveries are folded in (one for a small ledger). */
  constructor(private readonly buckets = 1) {
    this.attempts = new SpillFiles(this.dir, 'attempts', buckets)
    this.devices = new SpillFiles(this.dir, 'devices', buckets)
    this.wanted = new SpillFiles(this.dir, 'wanted', buckets)
  }

  exchange(exchange: Exchange): void {
    const { deliveryId } = exchange
    if (deliveryId === null) return
    const answer = this.answers.idOf({ provider: exchange.provider, flavour: exchange.flavour ?? null, outcome: exchange.outcome, status: exchange.status, reason: exchange.reason })
    this.attempts.append(bucketOf(deliveryId, this.buckets), `${exchange.seq}\t${exchange.end}\t${answer}\t${fieldOf(deliveryId)}`)
  }

  device(entry: DeviceEntry): void {
    const key = entry.deliveryId ?? `#${entry.exchange}`
    if (entry.event === 'decision') {
      const due = REPORTS.map(() => '')
      for (const [report, at] of Object.entries(entry.due ?? {})) {
        const kind = REPORTS.indexOf(report as ReportFact['report'])
        if (kind !== -1 && at != null) due[kind] = String(instantMs(at))
      }
      this.devices.append(bucketOf(key, this.buckets), `${DECISION}\t${entry.exchange}\t${due.join('\t')}`)
    } else if (entry.event === 'report' && entry.status !== null && entry.status >= 200 && entry.status < 300) {
      const kind = REPORTS.indexOf(entry.report)
      if (kind === -1) return
      const who = entry.report === 'converted' ? fieldOf(entry.personId) : entry.deliveryId === null ? '' : fieldOf(entry.deliveryId)
      this.devices.append(bucketOf(key, this.buckets), `${REPORT}\t${entry.exchange}\t${kind}\t${instantMs(entry.virtualAt)}\t${who}`)
    }
  }

  /** The deliveries the campaign reported at `reportIndex` lists: what finish() keeps for it. */
  want(reportIndex: number, deliveryIds: Iterable<string>): void {
    for (const id of deliveryIds) this.wanted.append(bucketOf(id, this.buckets), `${reportIndex}\t${fieldOf(id)}`)
    this.campaigns = Math.max(this.campaigns, reportIndex + 1)
  }

  /** Every bucket folded, each campaign's deliveries on file. Call once, after the pass and every want. */
  finish(): CampaignWires {
    for (const files of [this.attempts, this.devices, this.wanted]) files.close()
    const campaigns = new SpillFiles(this.dir, 'campaign', this.campaigns)
    const conversions: Conversion[] = []
    for (let bucket = 0; bucket < this.buckets; bucket++) {
      const index = new WireIndex(this.answers)
      for (const line of this.attempts.lines(bucket)) {
        const [seq, end, answer, id] = line.split('\t') as [string, string, string, string]
        index.addAnswered(index.rowOf(textOf(id)), Number(seq), Number(end), Number(answer))
      }
      this.foldDevices(this.devices.lines(bucket), index, conversions)
      for (const line of this.wanted.lines(bucket)) {
        const [reportIndex, field] = line.split('\t') as [string, string]
        const id = textOf(field)
        if (index.has(id)) campaigns.append(Number(reportIndex), wireLine(id, index.delivery(id), (attempt) => this.answers.idOf(attempt)))
      }
      for (const files of [this.attempts, this.devices, this.wanted]) files.remove(bucket)
    }
    campaigns.close()
    return new CampaignWires(campaigns, this.answers, conversions, this.dir)
  }

  /** One bucket's device lines: each report the dispatcher took at its decision's due time (its own time without one). */
  private foldDevices(lines: readonly string[], index: WireIndex, conversions: Conversion[]): void {
    const due = new Map<string, number[]>()
    for (const line of lines) {
      if (!line.startsWith(DECISION)) continue
      const [, exchange, ...times] = line.split('\t')
      const kinds = due.get(exchange!) ?? REPORTS.map(() => NONE)
      times.forEach((time, kind) => {
        if (time !== '') kinds[kind] = Number(time)
      })
      due.set(exchange!, kinds)
    }
    for (const line of lines) {
      if (!line.startsWith(REPORT)) continue
      const [, exchange, kindField, at, who] = line.split('\t') as [string, string, string, string, string]
      const kind = Number(kindField)
      const decided = due.get(exchange)?.[kind] ?? NONE
      const atMs = decided === NONE ? Number(at) : decided
      const report = REPORTS[kind]!
      if (report === 'converted') conversions.push({ personId: textOf(who), atMs })
      else if (who !== '') index.addViewReport(index.rowOf(textOf(who)), report, atMs)
    }
  }
}
