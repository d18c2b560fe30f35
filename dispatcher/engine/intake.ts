import type { Campaign, Device, Person } from '../model/entities.ts'
import { localDateKey } from '../rules/local-time.ts'
import type { PlanMessage } from '../rules/plan.ts'
import type { Store } from '../store/store.ts'
import type { Clock } from './clock.ts'
import { createIds } from './ids.ts'

/** One audience member as a caller hands it over: the person and their devices as known now. */
export interface AudienceMember {
  person: Person
  devices: Omit<Device, 'lastStatus' | 'bounceStreak'>[]
}

export interface IntakeDeps {
  store: Store
  planMessage: PlanMessage
  clock: Clock
  seed: string
  /** Called after each planned chunk, so workers start at once. */
  wake(): void
  /** Resolves when fewer than the high-water mark of planned deliveries wait (bounded memory and queue). */
  backpressure(): Promise<void>
}

export interface IntakeSummary {
  persons: number
  messages: number
  duplicates: number
}

/**
 * Streams an audience into planned messages: persons are identified and
 * planned (rules of §9) in chunks, each committed before the next is read,
 * so any audience size runs in bounded memory and a crash loses at most an
 * uncommitted chunk, which nothing had acted on and a re-send plans again.
 * A chunk is committed when full, or once its first member has waited
 * FLUSH_AFTER_MS for the rest: a paced audience (50 persons/s) is planned as
 * it arrives, not five seconds later when 256 persons have trickled in.
 */
export async function intake(campaign: Campaign, audience: AsyncIterable<AudienceMember> | Iterable<AudienceMember>, deps: IntakeDeps): Promise<IntakeSummary> {
  const summary: IntakeSummary = { persons: 0, messages: 0, duplicates: 0 }
  let chunk: AudienceMember[] = []
  const flush = () => {
    // One transaction per chunk: a commit per person would cost more than the planning itself.
    deps.store.batch(() => {
      for (const member of chunk) planOne(campaign, member, deps, summary)
    })
    chunk = []
    deps.wake()
  }
  const members = asyncIteratorOf(audience)
  let next: Promise<IteratorResult<AudienceMember>> | undefined
  // One timer per chunk, not per member: it starts with the chunk's first member.
  let chunkDue: Promise<typeof WAITED> | undefined
  for (;;) {
    next ??= members.next()
    const read = chunkDue === undefined ? await next : await Promise.race([next, chunkDue])
    if (read === WAITED) {
      chunkDue = undefined
      flush()
      continue
    }
    next = undefined
    if (read.done) break
    if (chunk.length === 0) chunkDue = wallDelay(FLUSH_AFTER_MS)
    chunk.push(read.value)
    if (chunk.length < CHUNK) continue
    chunkDue = undefined
    flush()
    await deps.backpressure()
  }
  if (chunk.length > 0) flush()
  return summary
}

/** Members planned per transaction. */
const CHUNK = 256
/** Wall ms the first member of a chunk waits for the rest before the chunk is committed anyway (cost, not calendar). */
const FLUSH_AFTER_MS = 20
const WAITED = Symbol('waited')
const wallDelay = (ms: number) => new Promise<typeof WAITED>((resolve) => setTimeout(() => resolve(WAITED), ms))

function asyncIteratorOf<T>(source: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]()
  const iterator = source[Symbol.iterator]()
  return { next: async () => iterator.next() }
}

function planOne(campaign: Campaign, member: AudienceMember, deps: IntakeDeps, summary: IntakeSummary): void {
  summary.persons++
  // Keyed by campaign and person: a resumed or reordered audience gets the same ids for the same people.
  const planned = planMember(campaign, member, deps, createIds(`${deps.seed}/${campaign.id}/${member.person.id}`))
  if (planned.inserted) summary.messages++
  else summary.duplicates++
}

export type PlanDeps = Pick<IntakeDeps, 'store' | 'planMessage' | 'clock' | 'seed'>

/**
 * Identifies the member (person and devices) and plans one message under the campaign's rules with ids
 * from `newId`. `inserted` is false when those ids were already planned (a replay): nothing is written
 * then but the person and devices. `sendKey` marks a transactional message (several per person).
 */
export function planMember(campaign: Campaign, member: AudienceMember, deps: PlanDeps, newId: (kind: string) => string, sendKey?: string): { inserted: boolean; messageId: string; deliveries: number } {
  deps.store.upsertPerson(member.person)
  // Handing over an audience is not identifying a device again (§7): a known address keeps its
  // status, so a suppressed device stays suppressed. `identify` is the call that resets it.
  for (const device of member.devices) {
    const known = deps.store.getDevice(device.id)
    if (!known || JSON.stringify(known.address) !== JSON.stringify(device.address)) deps.store.upsertDevice(device)
  }
  const devices = deps.store.devicesOf(member.person.id)
  const now = deps.clock.now()
  // The frequency cap counts per local day (§9); an unknown timezone counts in UTC.
  const day = localDateKey(now, member.person.timezone)
  const plan = deps.planMessage(campaign, member.person, devices, { now, sendsToday: deps.store.sendsOn(member.person.id, day), seed: deps.seed, newId })
  const message = sendKey === undefined ? plan.message : { ...plan.message, sendKey }
  // The frequency-cap count commits with the message.
  const inserted = deps.store.insertPlannedMessage({ message, deliveries: plan.deliveries, ...(plan.countsAsSend ? { countSendOn: day } : {}) })
  return { inserted, messageId: message.id, deliveries: plan.deliveries.length }
}
