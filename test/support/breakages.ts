/**
 * Issue 11 §3's deliberately broken dispatchers: each is the reference
 * dispatcher's parts with exactly one behaviour changed, through the parts
 * it is built from (retry policy, message planning, senders' timeouts,
 * store, the service's reading of figures and statuses). Test fixtures may
 * import the dispatcher; the oracle may not.
 */
import { REFERENCE_READING, type ServiceReading } from '../../dispatcher/api/service-impl.ts'
import { rate, webPushProfile, type MetricsInput } from '../../dispatcher/metrics/index.ts'
import { DEFAULT_CHANNEL_POLICY, type Channel, type ChannelPolicy } from '../../dispatcher/model/channel.ts'
import { nextStep, type NextStepInput } from '../../dispatcher/policy/retry.ts'
import { planMessage } from '../../dispatcher/rules/plan-message.ts'
import type { PlanMessage } from '../../dispatcher/rules/plan.ts'
import type { DeviceEvent, Store } from '../../dispatcher/store/store.ts'

export interface BreakableParts {
  store: Store
  nextStep: typeof nextStep
  planMessage: PlanMessage
  /** The timeouts the senders run with; the dispatcher still declares the reference's on /health. */
  sendersPolicy: Record<Channel, ChannelPolicy>
  reading: ServiceReading
}

export const BREAKAGES = ['retries-dead-address', 'ignores-retry-after', 'no-read-timeout', 'ctr-over-sent', 'counts-duplicate-reports', 'sends-to-suppressed', 'lists-suppressed-as-sent', 'forgets-attempts-on-restart', 'drops-unsubscribed', 'sends-to-unsubscribed'] as const
export type Breakage = (typeof BREAKAGES)[number]

/** A week: timers cannot wait forever (setTimeout caps near 24.8 days), and no run lasts this long. */
const NO_TIMEOUT_MS = 7 * 86_400_000

export const referenceParts = (store: Store, policy: Record<Channel, ChannelPolicy> = DEFAULT_CHANNEL_POLICY): BreakableParts => ({ store, nextStep, planMessage, sendersPolicy: { ...policy }, reading: REFERENCE_READING })

/** Each breakage: the reference parts with one rule of push-semantics.md dropped. */
export const BREAK: Readonly<Record<Breakage, (parts: BreakableParts) => BreakableParts>> = {
  // §4 says a dead address is final; this one tries it twice more at once.
  'retries-dead-address': (parts) => ({
    ...parts,
    nextStep: (input: NextStepInput) => {
      const { classification } = input
      if (classification.outcome === 'error' && classification.class === 'dead-address' && input.attempts < 3) return { kind: 'retry', notBefore: input.now, refreshCredential: false }
      return nextStep(input)
    },
  }),
  // §2 says never sooner than Retry-After; this one forgets the header and waits on its backoff alone.
  'ignores-retry-after': (parts) => ({
    ...parts,
    nextStep: (input: NextStepInput) => {
      const { classification } = input
      if (classification.outcome !== 'error') return nextStep(input)
      const { retryAfterMs: _ignored, ...rest } = classification
      return nextStep({ ...input, classification: rest })
    },
  }),
  // §2's read timeouts: this one's senders wait on an unanswered request (as good as) for ever.
  'no-read-timeout': (parts) => ({ ...parts, sendersPolicy: Object.fromEntries(Object.entries(parts.sendersPolicy).map(([channel, policy]) => [channel, { ...policy, readTimeoutMs: NO_TIMEOUT_MS }])) as Record<Channel, ChannelPolicy> }),
  // §8: CTR = Clicks / Views × 100; this one divides by Sent.
  'ctr-over-sent': (parts) => ({
    ...parts,
    reading: {
      ...parts.reading,
      profiles: {
        ...parts.reading.profiles,
        webpush: (input: MetricsInput) => {
          const figures = webPushProfile(input)
          return { ...figures, ctr: rate(figures.clicks, figures.sent) }
        },
      },
    },
  }),
  // §6/§8: reports are at-least-once and count once; this one keeps every report and counts each.
  'counts-duplicate-reports': (parts) => {
    const repeats: DeviceEvent[] = []
    const store: Store = {
      ...parts.store,
      recordDeviceEvent(event) {
        if (!parts.store.recordDeviceEvent(event)) repeats.push(event)
        return true
      },
      eventsOf: (campaignId) => [...parts.store.eventsOf(campaignId), ...repeats.filter((event) => parts.store.getDelivery(event.deliveryId)?.campaignId === campaignId)],
    }
    const countingEvery = (input: MetricsInput) => {
      const unique = webPushProfile(input)
      const repeated = (kind: string) => {
        const ofKind = input.events.filter((event) => event.kind === kind)
        return ofKind.length - new Set(ofKind.map((event) => event.deliveryId)).size
      }
      const views = unique.views === null ? null : unique.views + repeated('delivered')
      const clicks = unique.clicks + repeated('opened')
      return { ...unique, views, clicks, ctr: rate(clicks, views) }
    }
    return { ...parts, store, reading: { ...parts.reading, profiles: { ...parts.reading.profiles, webpush: countingEvery } } }
  },
  // §7: two bounces in a row suppress a device; this one suppresses it but lists it as sent (GET /devices).
  'lists-suppressed-as-sent': (parts) => ({
    ...parts,
    store: {
      ...parts.store,
      devicesPage(after, limit) {
        const page = parts.store.devicesPage(after, limit)
        return { ...page, items: page.items.map((device) => (device.lastStatus === 'suppressed' ? { ...device, lastStatus: 'sent' } : device)) }
      },
    },
  }),
  // §7: no sends to a suppressed device; this one's attempts read a suppressed device as merely bounced.
  'sends-to-suppressed': (parts) => ({
    ...parts,
    store: {
      ...parts.store,
      getDevice(id) {
        const device = parts.store.getDevice(id)
        return device?.lastStatus === 'suppressed' ? { ...device, lastStatus: 'bounced' } : device
      },
    },
  }),
  // §10: an unsubscribed person gets a message whose deliveries are suppressed; this one, like a sender that
  // filters them out of its audience, makes them none (nothing written: no message, no delivery).
  'drops-unsubscribed': (parts) => ({
    ...parts,
    store: {
      ...parts.store,
      insertPlannedMessage: (planned) => (parts.store.getPerson(planned.message.personId)?.unsubscribed === true ? false : parts.store.insertPlannedMessage(planned)),
    },
  }),
  // §10: an unsubscribed person is never attempted; this one ignores the flag and plans them as anyone.
  'sends-to-unsubscribed': (parts) => ({ ...parts, planMessage: (campaign, person, devices, context) => parts.planMessage(campaign, { ...person, unsubscribed: false }, devices, context) }),
  // §2 "also across a restart": this one counts a delivery's attempts from when this process first
  // claimed it (a count in memory), so a restart gives every open delivery its whole retry limit again.
  'forgets-attempts-on-restart': (parts) => {
    // Attempts a delivery had before this process first claimed it: hidden from the attempt (and so from
    // the retry policy), added back when its outcome is stored (the store takes only the attempt in flight).
    const before = new Map<string, number>()
    return {
      ...parts,
      store: {
        ...parts.store,
        claimDue: (now, limit, channels) =>
          parts.store.claimDue(now, limit, channels).map((due) => {
            if (!before.has(due.delivery.id)) before.set(due.delivery.id, due.delivery.attempts - 1)
            return { ...due, delivery: { ...due.delivery, attempts: due.delivery.attempts - before.get(due.delivery.id)! } }
          }),
        recordAttempt: (outcome) => parts.store.recordAttempt({ ...outcome, attempt: outcome.attempt + (before.get(outcome.deliveryId) ?? 0) }),
      },
    }
  },
}
