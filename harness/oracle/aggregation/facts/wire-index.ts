/**
 * What the wire and the devices say of each delivery, folded as they are
 * read and kept as columns of numbers (one row per delivery id, answers
 * interned): the first acceptance, the first dead address, the latest
 * attempt, every attempt's seq, and the first
 * delivered / opened report the dispatcher took. This is all build.ts
 * needs of the ledger, at some 150 bytes a delivery instead of every
 * attempt and report as objects.
 */
import type { ReportFact, WireAttempt } from './build.ts'
import { AnswerTable, isAccepted, isDeadAddress, type WireAnswer } from './wire-class.ts'

/** An attempt as a delivery fact shows it: its answer and seq. */
export interface KeptAttempt extends WireAnswer {
  seq: number
}

export interface DeliveryWire {
  /** Its attempts' seqs, ascending. */
  seqs: number[]
  /** When its first acceptance (by seq) ended; null when none. */
  acceptedAt: number | null
  /** Only for a delivery never accepted (an accepted one's facts need none of them): its first dead-address answer and its latest attempt. */
  dead: KeptAttempt | undefined
  last: KeptAttempt | undefined
  deliveredAt: number | null
  openedAt: number | null
}

export interface Conversion {
  personId: string
  atMs: number
}

/** The wire and the devices, campaign by campaign: a WireIndex in memory, or what a WireCollector spilled (campaign-wires.ts). */
export interface WireSource {
  /** What the wire shows of each delivery of the campaign reported at `reportIndex` (RunData.reportPaths order). */
  deliveriesOf(reportIndex: number): (id: string) => DeliveryWire
  /** Conversions the dispatcher took (§7 attributes them to messages later). */
  readonly conversions: readonly Conversion[]
}

export class WireIndex implements WireSource {
  private readonly rows = new Map<string, number>()
  // One entry per row; Infinity / -Infinity for none, so that min / max folds need no branch.
  private readonly firstSeq: number[] = []
  private readonly moreSeqs = new Map<number, number[]>()
  private readonly acceptedSeq: number[] = []
  private readonly acceptedEnd: number[] = []
  private readonly deadSeq: number[] = []
  private readonly deadAnswer: number[] = []
  private readonly lastSeq: number[] = []
  private readonly lastAnswer: number[] = []
  private readonly deliveredAt: number[] = []
  private readonly openedAt: number[] = []
  /** Conversions the dispatcher took, in ledger order (§7 attributes them to messages later). */
  readonly conversions: Conversion[] = []

  /** `answers`: shared by the indexes of one run's buckets, so that an answer's number means the same in each. */
  constructor(private readonly answers = new AnswerTable()) {}

  addAttempt(attempt: WireAttempt): void {
    this.addAnswered(this.rowOf(attempt.deliveryId), attempt.seq, attempt.endVirtualMs, this.answers.idOf(attempt))
  }

  /** An attempt onto a row of rowOf: its seq, when it ended, its answer's number in the table. */
  addAnswered(row: number, seq: number, end: number, answer: number): void {
    const reading = this.answers.answer(answer)
    if (this.firstSeq[row] === Infinity) this.firstSeq[row] = seq
    else {
      const more = this.moreSeqs.get(row)
      if (more === undefined) this.moreSeqs.set(row, [seq])
      else more.push(seq)
    }
    if (isAccepted(reading) && seq < this.acceptedSeq[row]!) [this.acceptedSeq[row], this.acceptedEnd[row]] = [seq, end]
    if (isDeadAddress(reading) && seq < this.deadSeq[row]!) [this.deadSeq[row], this.deadAnswer[row]] = [seq, answer]
    if (seq > this.lastSeq[row]!) [this.lastSeq[row], this.lastAnswer[row]] = [seq, answer]
  }

  /** A device report: only those the dispatcher took (2xx) count, a duplicate once (its earliest). */
  addReport(report: ReportFact): void {
    if (report.status === null || report.status < 200 || report.status >= 300) return
    if (report.report === 'converted') this.conversions.push({ personId: report.personId, atMs: report.atMs })
    else if (report.deliveryId !== null) this.addViewReport(this.rowOf(report.deliveryId), report.report, report.atMs)
  }

  /** A delivered or opened report the dispatcher took, onto a row of rowOf. */
  addViewReport(row: number, report: 'delivered' | 'opened', atMs: number): void {
    const column = report === 'delivered' ? this.deliveredAt : this.openedAt
    // NaN (an unparsable time) wins as Math.min would have it.
    column[row] = Math.min(column[row]!, atMs)
  }

  deliveriesOf(): (id: string) => DeliveryWire {
    return (id) => this.delivery(id)
  }

  /** Whether the wire or the devices named the delivery. */
  has(id: string): boolean {
    return this.rows.has(id)
  }

  /** The delivery as the wire and the devices show it; a delivery never seen there has no attempts and no reports. */
  delivery(id: string): DeliveryWire {
    const row = this.rows.get(id)
    if (row === undefined) return unseenDelivery()
    const first = this.firstSeq[row]!
    const more = this.moreSeqs.get(row)
    const seqs = first === Infinity ? [] : more === undefined ? [first] : [first, ...more].sort((a, b) => a - b)
    const deliveredAt = this.reportTime(this.deliveredAt[row]!)
    const openedAt = this.reportTime(this.openedAt[row]!)
    if (this.acceptedSeq[row] !== Infinity) return { seqs, acceptedAt: this.acceptedEnd[row]!, dead: undefined, last: undefined, deliveredAt, openedAt }
    return {
      seqs,
      acceptedAt: null,
      dead: this.kept(this.deadSeq[row]!, this.deadAnswer[row]!),
      last: this.kept(this.lastSeq[row]!, this.lastAnswer[row]!),
      deliveredAt,
      openedAt,
    }
  }

  private reportTime(at: number): number | null {
    return at === Infinity ? null : at
  }

  private kept(seq: number, answer: number): KeptAttempt | undefined {
    return Number.isFinite(seq) ? { ...this.answers.answer(answer), seq } : undefined
  }

  /** The row of a delivery id, made on first sight. */
  rowOf(id: string): number {
    let row = this.rows.get(id)
    if (row !== undefined) return row
    row = this.rows.size
    this.rows.set(id, row)
    for (const column of [this.firstSeq, this.acceptedSeq, this.deadSeq, this.deliveredAt, this.openedAt]) column.push(Infinity)
    this.lastSeq.push(-Infinity)
    for (const column of [this.acceptedEnd, this.deadAnswer, this.lastAnswer]) column.push(0)
    return row
  }
}

/** A delivery neither the wire nor the devices named. */
export const unseenDelivery = (): DeliveryWire => ({ seqs: [], acceptedAt: null, dead: undefined, last: undefined, deliveredAt: null, openedAt: null })
