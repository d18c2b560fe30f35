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
  /** Called after each planned message, so workers start at once. */
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
 * Streams an audience into planned messages: each person is identified,
 * planned (rules of §9) and committed before the next is read, so any
 * audience size runs in bounded memory and a crash loses nothing planned.
 */
export async function intake(campaign: Campaign, audience: AsyncIterable<AudienceMember> | Iterable<AudienceMember>, deps: IntakeDeps): Promise<IntakeSummary> {
  const summary: IntakeSummary = { persons: 0, messages: 0, duplicates: 0 }
  for await (const member of audience) {
    summary.persons++
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
    const plan = deps.planMessage(campaign, member.person, devices, {
      now,
      sendsToday: deps.store.sendsOn(member.person.id, day),
      seed: deps.seed,
      // Keyed by campaign and person: a resumed or reordered audience gets the same ids for the same people.
      newId: createIds(`${deps.seed}/${campaign.id}/${member.person.id}`),
    })
    // The frequency-cap count commits with the message, so a kill between them cannot lose it.
    if (deps.store.insertPlannedMessage({ message: plan.message, deliveries: plan.deliveries, ...(plan.countsAsSend ? { countSendOn: day } : {}) })) {
      summary.messages++
      deps.wake()
    } else summary.duplicates++
    if (summary.persons % 256 === 0) await deps.backpressure()
  }
  return summary
}
