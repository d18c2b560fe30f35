/**
 * Hand-built ground truth for the campaign-rule cases: campaigns as the
 * scenario plans them, messages and deliveries as a dispatcher reports
 * them, attempts at virtual instants, persons with a timezone.
 */
import type { RuledCampaign, RuledDelivery, RuledMessage, RulesPerson, RulesRun } from '../../harness/oracle/rules/model.ts'
import type { CampaignPlan, TemplatePlan } from '../../scenarios/plan-types.ts'

let seq = 1

export const template = (title: string, extra: Partial<TemplatePlan> = {}): TemplatePlan => {
  const placeholders = [...title.matchAll(/\{\{(\w+)(?:\|([^}]*))?\}\}/g)].map((match) => ({ property: match[1] as 'firstName', ...(match[2] !== undefined ? { fallback: match[2] } : {}) }))
  return { title, placeholders, ...extra }
}

export function campaign(name: string, plan: Partial<CampaignPlan>, startsAt: number, messages: RuledMessage[]): RuledCampaign {
  const base: CampaignPlan = { name, template: template('Hello'), targeting: 'all-devices', channels: ['apns'], variants: [{ name: 'default', share: 1, template: plan.template ?? template('Hello') }], controlGroup: 0, ttlMs: 3_600_000, test: false }
  return { id: `campaign-${name}`, name, plan: { ...base, ...plan }, startsAt, messages }
}

/** A message with one delivery per given attempt list (start instants; each accepted unless `accepted: false`). */
export function message(personId: string, attemptsPerDelivery: number[][], extra: Partial<RuledMessage> & { state?: string; code?: string | null; channel?: string } = {}): RuledMessage {
  const { state, code, channel, ...rest } = extra
  const id = `${personId}-${seq++}`
  const deliveries: RuledDelivery[] = attemptsPerDelivery.map((starts, index) => ({
    id: `${id}-d${index}`,
    deviceId: `${personId}-d${index}`,
    channel: channel ?? 'apns',
    state: state ?? (starts.length > 0 ? 'accepted' : 'suppressed'),
    code: code ?? null,
    attempts: starts.map((start) => ({ seq: seq++, start, accepted: true })),
  }))
  return { messageId: id, personId, variantId: 'default', control: false, failure: null, deliveries, ...rest }
}

export function person(id: string, extra: Partial<RulesPerson> = {}): RulesPerson {
  return { id, timezone: 'UTC', properties: {}, test: false, unsubscribed: false, ...extra }
}

export function rulesRun(campaigns: RuledCampaign[], persons: RulesPerson[]): RulesRun {
  const byId = new Map(persons.map((entry) => [entry.id, entry]))
  return { campaigns, person: (id) => byId.get(id), unsubscribed: () => persons.filter((entry) => entry.unsubscribed), slackMs: 100 }
}

export const at = (iso: string): number => Date.parse(iso)
