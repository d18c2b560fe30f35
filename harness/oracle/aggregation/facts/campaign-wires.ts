/**
 * What a WireCollector spilled: per campaign (by report index), one line
 * per delivery it lists that the wire or the devices named, holding what
 * build.ts needs of it (its DeliveryWire). A campaign's lines are read when
 * it is judged, so one campaign's deliveries are held at a time. Numbers
 * are written with String and read with Number, which round-trips every
 * double (NaN and the infinities too).
 */
import { rmSync } from 'node:fs'
import { textOf, type SpillFiles } from '../../spill-files.ts'
import type { AnswerTable } from './wire-class.ts'
import { unseenDelivery, type Conversion, type DeliveryWire, type KeptAttempt, type WireSource } from './wire-index.ts'

export class CampaignWires implements WireSource {
  constructor(
    private readonly files: SpillFiles,
    private readonly answers: AnswerTable,
    readonly conversions: readonly Conversion[],
    private readonly dir: string,
  ) {}

  deliveriesOf(reportIndex: number): (id: string) => DeliveryWire {
    const wires = new Map<string, DeliveryWire>()
    if (reportIndex < this.files.count) for (const line of this.files.lines(reportIndex)) this.decode(line, wires)
    return (id) => wires.get(id) ?? unseenDelivery()
  }

  /** Removes the files; call once every campaign has been judged. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  private decode(line: string, into: Map<string, DeliveryWire>): void {
    const [id, seqs, acceptedAt, deliveredAt, openedAt, dead, last] = line.split('\t') as [string, string, string, string, string, string, string]
    into.set(textOf(id), { seqs: seqs === '' ? [] : seqs.split(',').map(Number), acceptedAt: orNull(acceptedAt), dead: this.kept(dead), last: this.kept(last), deliveredAt: orNull(deliveredAt), openedAt: orNull(openedAt) })
  }

  private kept(field: string): KeptAttempt | undefined {
    if (field === '') return undefined
    const [seq, answer] = field.split(':')
    return { ...this.answers.answer(Number(answer)), seq: Number(seq) }
  }
}

/** One delivery's line (`idField`: its id as fieldOf wrote it); `answerId` numbers an answer in the table the reader is given. */
export function wireLine(idField: string, wire: DeliveryWire, answerId: (attempt: KeptAttempt) => number): string {
  const kept = (attempt: KeptAttempt | undefined) => (attempt === undefined ? '' : `${attempt.seq}:${answerId(attempt)}`)
  return `${idField}\t${wire.seqs.join(',')}\t${orEmpty(wire.acceptedAt)}\t${orEmpty(wire.deliveredAt)}\t${orEmpty(wire.openedAt)}\t${kept(wire.dead)}\t${kept(wire.last)}`
}

const orEmpty = (value: number | null): string => (value === null ? '' : String(value))
const orNull = (field: string): number | null => (field === '' ? null : Number(field))
