/**
 * The one campaign both halves of the harness-cost bench send: bench/run.ts
 * drives it through `pushsim run`, bench/dispatcher.ts hands the same
 * persons to the dispatcher in process. The same audience on both sides (its
 * properties, locales and world timezones, which planning reads) leaves the
 * harness as the only difference: simulators with the ledger on, devices
 * reporting, the contract over HTTP.
 */
import type { AudienceMember } from '../dispatcher/engine/intake.ts'
import { memberOf } from '../harness/run/audience-book.ts'
import { decodeScenario } from '../scenarios/decode/scenario.ts'
import type { Person, ScenarioPlan } from '../scenarios/plan-types.ts'

export function benchScenario(deliveries: number): ScenarioPlan {
  const decoded = decodeScenario({
    name: 'bench-100k',
    seed: 'bench',
    clock: { start: '2027-01-04T10:00:00Z' },
    audience: { persons: deliveries, locales: 'en-US', devices: { channels: { apns: 0.4, fcm: 0.4, 'webpush-firefox': 0.2 } } },
    campaigns: [{ name: 'bench', template: { title: 'Hello {{firstName|there}}', body: 'Benchmark' } }],
    workload: { phases: [{ name: 'blast', executors: [{ executor: 'campaign', campaign: 'bench', rate: '1000000/s' }] }] },
    devices: { duplicateReports: 0.01 },
  })
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems))
  return decoded.plan
}

export type WebPushAddress = { endpoint: string; keys: { p256dh: string; auth: string } }

/** A person as the run's audience book sends it, web push devices on the given subscriptions in turn. */
export function benchMember(person: Person, nextSubscription: () => WebPushAddress): AudienceMember {
  return memberOf(person, (device) => {
    if (!device.channel.startsWith('webpush-')) return { kind: 'token', token: device.token } as const
    const web = nextSubscription()
    return { kind: 'subscription', endpoint: web.endpoint, p256dh: web.keys.p256dh, auth: web.keys.auth } as const
  })
}
