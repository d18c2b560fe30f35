/**
 * `audience.unsubscribed` (push-semantics §10): decoded with a default and a
 * path on every problem, drawn per person from the seed without moving any
 * other draw, and carried into `pushsim plan`'s summary and expected counts
 * (worked out by hand below).
 */
import { describe, expect, it } from 'vitest'
import { decodeScenario } from './decode/scenario.ts'
import type { ScenarioPlan } from './plan-types.ts'
import { summarise } from './summary.ts'

const scenario = (audience: object) => ({
  name: 'unsubscribed',
  seed: 'unsubscribed',
  clock: { start: '2027-01-04T10:00:00Z' },
  audience: { persons: 1000, locales: 'en-GB', devices: { perPerson: { 0: 0.2, 2: 0.8 }, channels: { apns: 0.5, fcm: 0.5 } }, ...audience },
  campaigns: [{ name: 'c', template: { title: 'Sale' }, controlGroup: 0.1, channels: ['apns'] }],
  messages: [{ name: 'otp', template: { title: 'Code' } }],
  workload: {
    phases: [{ name: 'p', executors: [{ executor: 'campaign', campaign: 'c', rate: '100/s' }, { executor: 'constant-arrival-rate', message: 'otp', rate: '10/s', duration: '20s' }] }],
  },
})

function planOf(value: unknown): ScenarioPlan {
  const decoded = decodeScenario(value)
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems))
  return decoded.plan
}

describe('audience.unsubscribed', () => {
  it('defaults to 0: nobody unsubscribed, no count in the plan', () => {
    const plan = planOf(scenario({}))
    expect(plan.audience.unsubscribed).toBe(0)
    expect([...plan.persons].some((person) => person.unsubscribed)).toBe(false)
    expect(summarise(plan).audience.unsubscribed).toBe(0)
    expect(plan.expected.campaigns.c).toMatchObject({ qualified: 1000, unsubscribed: 0, outcome: { suppressed: 0 } })
  })

  it('rejects a share outside 0..1 and a non-number, naming the path', () => {
    for (const wrong of [1.5, -0.1, 'some']) {
      const decoded = decodeScenario(scenario({ unsubscribed: wrong }))
      expect(decoded.ok).toBe(false)
      expect(decoded.ok ? [] : decoded.problems.map((problem) => problem.path)).toEqual(['audience.unsubscribed'])
    }
  })

  it('draws the share per person from the seed, after every other draw: the rest of each person is unchanged', () => {
    const plain = planOf({ ...scenario({}), audience: { ...scenario({}).audience, persons: 3000 } })
    const marked = planOf({ ...scenario({ unsubscribed: 0.2 }), audience: { ...scenario({ unsubscribed: 0.2 }).audience, persons: 3000 } })
    let unsubscribed = 0
    for (const person of marked.persons) {
      if (person.unsubscribed) unsubscribed++
      expect({ ...person, unsubscribed: false }).toEqual(plain.persons.personAt(person.index))
    }
    expect(Math.abs(unsubscribed / 3000 - 0.2)).toBeLessThan(0.03)
    expect(planOf(scenario({ unsubscribed: 0.2 })).persons.personAt(7)).toEqual(planOf(scenario({ unsubscribed: 0.2 })).persons.personAt(7))
  })

  it('counts the unsubscribed apart from the qualified, their deliveries planned suppressed', () => {
    const plan = planOf(scenario({ unsubscribed: 0.1 }))
    expect(summarise(plan).audience.unsubscribed).toBe(100)
    // 1000 taken in, 100 unsubscribed: 900 qualify, 90 held out, 810 targeted.
    // apns deliveries: 1.6 devices × 0.5 on apns = 0.8 per person: 810 × 0.8 = 648 sent to, 100 × 0.8 = 80 suppressed.
    // Undeliverable (no apns device: 0.2 + 0.8 × 0.25 = 0.4) among the targeted: 324.
    expect(plan.expected.campaigns.c).toMatchObject({
      qualified: 900,
      controlGroup: 90,
      unsubscribed: 100,
      undeliverable: 324,
      deliveries: 728,
      byChannel: { apns: 728 },
      outcome: { accepted: 648, bounced: 0, suppressed: 80 },
    })
    // 200 transactional sends, 20 to unsubscribed persons; last-device over both channels: one delivery per person with a device (0.8).
    expect(plan.expected.messages.otp).toMatchObject({ qualified: 180, unsubscribed: 20, deliveries: 160, outcome: { accepted: 144, suppressed: 16 } })
  })
})
