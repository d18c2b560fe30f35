/**
 * The scenario's campaigns and transactional messages as the dispatcher
 * contract takes them (openapi.yaml `Campaign`). A transactional message is
 * a campaign of its own, fed one person at a time through `/sends`, outside
 * the frequency cap.
 */
import type { CampaignPlan, MessagePlan, TemplatePlan } from '../../scenarios/plan-types.ts'
import type { Channel } from '../../scenarios/types.ts'

export interface CampaignBody {
  id: string
  name: string
  targeting: 'all-devices' | 'last-device'
  profile: 'webpush' | 'mobile' | 'person-status'
  variants: { id: string; share: number; content: { title: string; body: string; deepLink?: string } }[]
  rules: Record<string, unknown>
}

export const campaignIdOf = (name: string) => `campaign-${name}`
export const messageCampaignIdOf = (name: string) => `message-${name}`

const isWebPush = (channel: Channel) => channel.startsWith('webpush-')

/** `startsAtMs`: the virtual instant its executor starts, from which a cut-off counts. */
export function campaignBody(campaign: CampaignPlan, startsAtMs: number): CampaignBody {
  const rules: Record<string, unknown> = {
    ttlSeconds: Math.round(campaign.ttlMs / 1000),
    ...(campaign.controlGroup > 0 ? { controlGroupShare: campaign.controlGroup } : {}),
    ...(campaign.frequencyCap ? { frequencyCapPerDay: campaign.frequencyCap.perDay } : {}),
    ...(campaign.dnd ? { dnd: { start: campaign.dnd.from, end: campaign.dnd.to, mode: campaign.dnd.action } } : {}),
    ...(campaign.cutoffMs !== undefined ? { cutoffAt: startsAtMs + campaign.cutoffMs } : {}),
    ...(campaign.localTime ? { localTime: campaign.localTime } : {}),
    ...(campaign.recurringDay !== undefined ? { recurringDay: campaign.recurringDay } : {}),
    ...(campaign.test ? { testSend: true } : {}),
  }
  return {
    id: campaignIdOf(campaign.name),
    name: campaign.name,
    targeting: campaign.targeting,
    profile: campaign.channels.every(isWebPush) ? 'webpush' : 'mobile',
    variants: campaign.variants.map((variant) => ({ id: variant.name, share: variant.share, content: content(variant.template) })),
    rules,
  }
}

export function messageBody(message: MessagePlan): CampaignBody {
  return {
    id: messageCampaignIdOf(message.name),
    name: message.name,
    targeting: message.targeting,
    profile: 'person-status',
    variants: [{ id: 'default', share: 1, content: content(message.template) }],
    rules: { ttlSeconds: Math.round(message.ttlMs / 1000), capOptOut: true },
  }
}

const content = (template: TemplatePlan) => ({ title: template.title, body: template.body ?? '', ...(template.deepLink ? { deepLink: template.deepLink } : {}) })
