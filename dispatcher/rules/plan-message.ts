import type { Campaign, Content, Device, Person } from '../model/entities.ts'
import type { Delivery, ErrorClass, Message } from '../model/lifecycle.ts'
import { assignmentDraws, chooseVariant, isInControlGroup } from './assignment.ts'
import { hasDeepLink } from './channel-content.ts'
import { isFrequencyCapped } from './frequency-cap.ts'
import { isValidTimeZone } from './local-time.ts'
import { renderContent } from './personalise.ts'
import { DELIVERY_CODE, MESSAGE_FAILURE } from './plan-codes.ts'
import type { MessagePlan, PlanContext, PlanMessage } from './plan.ts'
import { parseRules } from './rule-validation.ts'
import { selectTargets } from './targeting.ts'
import { decideTiming, type TimingDecision } from './timing.ts'

/** A delivery's planned outcome before ids are attached. */
interface DeliveryDecision {
  state: Delivery['state']
  notBefore: number
  code: string | null
  errorClass: ErrorClass | null
}

/**
 * Per-device precedence (interpretation): a suppressed address never gets a send; then the message-wide
 * rules that stop every send (frequency cap, DND discard, cut-off, TTL); only a send that would
 * otherwise go can fail for Safari's missing deep link (a bad message, §4: failed, never attempted).
 */
function decideDelivery(device: Device, rendered: Content, capped: boolean, timing: TimingDecision, now: number): DeliveryDecision {
  const stop = (code: string, notBefore: number, errorClass: ErrorClass | null = null): DeliveryDecision => ({ state: 'suppressed', notBefore, code, errorClass })
  // A device is suppressed only after bouncing twice (§7): its class is the dead address; rule stops have none.
  if (device.lastStatus === 'suppressed') return stop(DELIVERY_CODE.deviceSuppressed, now, 'dead-address')
  if (capped) return stop(DELIVERY_CODE.frequencyExceeded, now)
  if (timing.state === 'suppressed') return stop(timing.code, timing.notBefore)
  if (timing.state === 'expired') return { state: 'expired', notBefore: timing.notBefore, code: null, errorClass: null }
  if (device.channel === 'webpush-safari' && !hasDeepLink(rendered)) {
    return { state: 'failed', notBefore: timing.notBefore, code: DELIVERY_CODE.safariMissingDeepLink, errorClass: 'bad-message' }
  }
  return { state: 'pending', notBefore: timing.notBefore, code: null, errorClass: null }
}

/**
 * §10: an unsubscribed person gets a message whose deliveries are suppressed, never an attempt. The variant is
 * drawn as for anyone (a delivery belongs to one); the control group is not, as the person did not qualify.
 */
function unsubscribedPlan(campaign: Campaign, message: Message, devices: readonly Device[], context: PlanContext): MessagePlan {
  const failure = MESSAGE_FAILURE.personUnsubscribed
  const variant = chooseVariant(campaign.variants, assignmentDraws(context.seed, campaign.id, message.personId).variant)
  const targets = selectTargets(campaign.targeting, devices)
  if (!variant || targets.send.length + targets.suppressed.length === 0) return messageWithoutDeliveries(message, failure)
  const deliveries = [...targets.send, ...targets.suppressed].map((device): Delivery => ({
    id: context.newId('delivery'), messageId: message.id, campaignId: campaign.id, personId: message.personId,
    deviceId: device.id, channel: device.channel, variantId: variant.id,
    state: 'suppressed', attempts: 0, notBefore: context.now, expiresAt: null,
    providerId: context.newId('provider').toLowerCase(), trackingToken: context.newId('tracking'),
    code: failure, errorClass: null, acceptedAt: null,
  }))
  return { message: { ...message, variantId: variant.id, failure }, deliveries, countsAsSend: false }
}

function messageWithoutDeliveries(message: Message, failure: string | null): MessagePlan {
  return { message: { ...message, failure }, deliveries: [], countsAsSend: false }
}

/**
 * Plans one campaign message for one person before any send (push-semantics §5, §7, §9). Checks, in order:
 * 1. test send to a person who is not a test profile → `not_a_test_profile` (skipped: not a send, no deliveries);
 * 2. person unsubscribed → `person_unsubscribed` (§10: not qualified, never held out; one suppressed delivery per
 *    targeted device, so the message counts in Sends as suppressed; none without a device);
 * 3. unreadable campaign rules → `invalid_campaign_rules`;
 * 4. control group (held out, control = true, no failure). (interpretation) Drawn among every subscribed
 *    person of the audience, reachable or not, so held-out and treated groups are alike (intent to treat);
 * 5. A/B variant (from independent bits of the same hash); no variant with a positive share → `no_variant`;
 * 6. no eligible device → `no_device` (Undeliverable; the variant stays on the message for per-variant stats);
 * 7. DND or local time with an unknown timezone → `invalid_timezone`;
 * 8. personalisation with a missing property and no fallback → `missing_template_variable`;
 * 9. one delivery per targeted device, decided by `decideDelivery`.
 * countsAsSend is true when at least one delivery is pending.
 */
export const planMessage: PlanMessage = (campaign: Campaign, person: Person, devices: readonly Device[], context: PlanContext): MessagePlan => {
  const { now } = context
  const message: Message = {
    id: context.newId('message'), campaignId: campaign.id, personId: person.id,
    variantId: null, control: false, rendered: null, failure: null, createdAt: now,
  }
  const { rules } = campaign
  if (rules.testSend === true && !person.test) return messageWithoutDeliveries(message, MESSAGE_FAILURE.notATestProfile)
  if (person.unsubscribed) return unsubscribedPlan(campaign, message, devices, context)
  const parsed = parseRules(rules)
  if (!parsed.ok) return messageWithoutDeliveries(message, MESSAGE_FAILURE.invalidCampaignRules)

  const draws = assignmentDraws(context.seed, campaign.id, person.id)
  if (isInControlGroup(draws.control, rules.controlGroupShare)) return messageWithoutDeliveries({ ...message, control: true }, null)
  const variant = chooseVariant(campaign.variants, draws.variant)
  if (!variant) return messageWithoutDeliveries(message, MESSAGE_FAILURE.noVariant)
  message.variantId = variant.id

  const targets = selectTargets(campaign.targeting, devices)
  if (targets.send.length === 0) return messageWithoutDeliveries(message, MESSAGE_FAILURE.noDevice)
  const needsTimezone = parsed.timing.dnd !== undefined || parsed.timing.localTime !== undefined || parsed.timing.recurringDay !== undefined
  if (needsTimezone && !isValidTimeZone(person.timezone)) return messageWithoutDeliveries(message, MESSAGE_FAILURE.invalidTimezone)
  const rendered = renderContent(variant.content, person.properties)
  if (!rendered.ok) return messageWithoutDeliveries(message, MESSAGE_FAILURE.missingTemplateVariable)
  message.rendered = rendered.value

  const capped = isFrequencyCapped(rules, context.sendsToday)
  const timing = decideTiming(parsed.timing, now, person.timezone)
  const deliveries = [...targets.send, ...targets.suppressed].map((device): Delivery => {
    const decision = decideDelivery(device, rendered.value, capped, timing, now)
    return {
      id: context.newId('delivery'), messageId: message.id, campaignId: campaign.id, personId: person.id,
      deviceId: device.id, channel: device.channel, variantId: variant.id,
      state: decision.state, attempts: 0, notBefore: decision.notBefore, expiresAt: timing.expiresAt,
      // APNs apns-id must be a lower-case UUID (protocols §1.2); every attempt reuses it.
      providerId: context.newId('provider').toLowerCase(), trackingToken: context.newId('tracking'),
      code: decision.code, errorClass: decision.errorClass, acceptedAt: null,
    }
  })
  return { message, deliveries, countsAsSend: deliveries.some(delivery => delivery.state === 'pending') }
}
