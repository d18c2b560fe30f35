/**
 * What the metric and aggregation path keeps of the ledger, taken from the
 * oracle's one pass over it (wire-cases.ts taps the wire fold), in memory
 * that does not grow with the ledger: each device line goes to a bucket
 * file by its delivery id (a decision and its reports carry their
 * exchange's delivery id: harness/devices/fleet.ts writes them from one
 * base), as the fold's partition (partition.ts) sends each attempt, and
 * each campaign names the deliveries it lists (want). The fold then hands
 * over one bucket's attempts at a time; at the end of each (bucketDone)
 * they are folded with that bucket's device lines into a WireIndex — a
 * report's time is its decision's `due`, the last decision of an exchange
 * winning wherever it stands — and what each wanted delivery shows is
 * written to its campaign's file (campaign-wires.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DeviceEntry } from '../../../../simulators/ledger/device-entry.ts'
import type { AttemptRecord } from '../../ground-truth.ts'
import { bucketOf, fieldOf, SpillFiles, textOf } from '../../spill-files.ts'
import type { ReportFact } from './build.ts'
import { CampaignWires, wireLine } from './campaign-wires.ts'
import { DECISION, deviceSpillLine, REPORT, REPORTS } from './device-spill.ts'
import { AnswerTable } from './wire-class.ts'
import { WireIndex, type Conversion } from './wire-index.ts'

/** A due time the decision did not give. */
const NONE = -Infinity

export class WireCollector {
  private readonly dir = mkdtempSync(join(tmpdir(), 'pushsim-wire-'))
  private readonly answers = new AnswerTable()
  private readonly devices: SpillFiles
  private readonly wanted: SpillFiles
  private readonly conversions: Conversion[] = []
  private campaignCount = 0
  private campaigns: SpillFiles | undefined
  /** The bucket whose attempts are coming, and their index. */
  private bucket = 0
  private index = new WireIndex(this.answers)

  /** `buckets`: as many as the fold's partition has (one when it is not partitioned), so that a bucket here is the same deliveries. */
  constructor(readonly buckets = 1) {
    this.devices = new SpillFiles(this.dir, 'devices', buckets)
    this.wanted = new SpillFiles(this.dir, 'wanted', buckets)
  }

  device(entry: DeviceEntry): void {
    const spilled = deviceSpillLine(entry, this.buckets)
    if (spilled !== undefined) this.devices.append(spilled.bucket, spilled.line)
  }

  /** A device line as deviceSpillLine wrote it (elsewhere: the ledger reader's worker thread), for `buckets` as many as this collector's. */
  deviceLine(bucket: number, line: string): void {
    this.devices.append(bucket, line)
  }

  /** The deliveries the campaign reported at `reportIndex` lists: what is kept for it. Every want comes before the first bucketDone. */
  want(reportIndex: number, deliveryIds: Iterable<string>): void {
    for (const id of deliveryIds) this.wanted.append(bucketOf(id, this.buckets), `${reportIndex}\t${fieldOf(id)}`)
    this.campaignCount = Math.max(this.campaignCount, reportIndex + 1)
  }

  /** An attempt of the bucket being folded. */
  attempt(attempt: AttemptRecord): void {
    const answer = this.answers.idOf({ provider: attempt.provider, flavour: attempt.flavour ?? null, outcome: attempt.outcome, status: attempt.status, reason: attempt.reason })
    this.index.addAnswered(this.index.rowOf(attempt.deliveryId), attempt.seq, attempt.end, answer)
  }

  /** The bucket's attempts are all in: its device lines folded, each wanted delivery written to its campaign's file. */
  bucketDone(): void {
    if (this.bucket >= this.buckets) throw new Error(`the fold gave ${this.bucket + 1} buckets, the collector was made for ${this.buckets}`)
    if (this.campaigns === undefined) {
      this.devices.close()
      this.wanted.close()
      this.campaigns = new SpillFiles(this.dir, 'campaign', this.campaignCount)
    }
    const index = this.index
    this.foldDevices(this.devices.lines(this.bucket), index)
    for (const line of this.wanted.lines(this.bucket)) {
      const [reportIndex, field] = line.split('\t') as [string, string]
      const id = textOf(field)
      if (index.has(id)) this.campaigns.append(Number(reportIndex), wireLine(field, index.delivery(id), (attempt) => this.answers.idOf(attempt)))
    }
    this.devices.remove(this.bucket)
    this.wanted.remove(this.bucket)
    this.bucket++
    this.index = new WireIndex(this.answers)
  }

  /** Removes the spilled files, whether or not finish() was reached (the CampaignWires it returns share them). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  /** Each campaign's deliveries, on file. Call once, after the fold's last bucketDone. */
  finish(): CampaignWires {
    // A fold that never ended a bucket (no attempt, or no fold at all): the one bucket is ended here.
    while (this.bucket < this.buckets) this.bucketDone()
    this.campaigns!.close()
    return new CampaignWires(this.campaigns!, this.answers, this.conversions, this.dir)
  }

  /** One bucket's device lines: each report the dispatcher took at its decision's due time (its own time without one). */
  private foldDevices(lines: readonly string[], index: WireIndex): void {
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
      if (report === 'converted') this.conversions.push({ personId: textOf(who), atMs })
      else if (who !== '') index.addViewReport(index.rowOf(textOf(who)), report, atMs)
    }
  }
}
