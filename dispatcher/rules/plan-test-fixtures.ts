/** Builders shared by the planMessage tests (test code only). */
import type { Channel } from '../model/channel.ts'
import type { Campaign, CampaignRules, Content, Device, DeviceStatus, Person } from '../model/entities.ts'
import type { MessagePlan, PlanContext } from './plan.ts'

export const NOW = Date.UTC(2025, 5, 1, 10) // 12:00 in Berlin (CEST)
export const content: Content = { title: 'Hi {{name}}', body: 'Sale', deepLink: 'https://shop.example/sale', icon: 'https://shop.example/i.png' }

export const campaign = (rules: CampaignRules = {}, overrides: Partial<Campaign> = {}): Campaign => ({
  id: 'camp-1', name: 'Sale', targeting: 'all-devices', rules, profile: 'mobile', createdAt: 0,
  variants: [{ id: 'only', share: 1, content }], ...overrides,
})
export const person = (overrides: Partial<Person> = {}): Person => ({
  id: 'person-1', properties: { name: 'Ana' }, timezone: 'Europe/Berlin', test: false, unsubscribed: false, ...overrides,
})
export const device = (id: string, lastSeenAt: number, channel: Channel = 'fcm', lastStatus: DeviceStatus = 'sent'): Device => ({
  id, personId: 'person-1', channel, platform: channel === 'apns' ? 'ios' : channel === 'fcm' ? 'android' : 'web',
  address: { kind: 'token', token: id }, sdk: true, lastStatus, bounceStreak: 0, lastSeenAt,
})
/** Ids `<kind>-<n>` numbered per kind; provider ids upper-case to prove the planner lower-cases them. */
export const context = (overrides: Partial<PlanContext> = {}): PlanContext => {
  const counters = new Map<string, number>()
  return {
    now: NOW, sendsToday: 0, seed: 'seed-1',
    newId: kind => {
      const next = (counters.get(kind) ?? 0) + 1
      counters.set(kind, next)
      return kind === 'provider' ? `0000000${next}-AAAA-4BBB-8CCC-DDDDDDDDDDDD` : `${kind}-${next}`
    },
    ...overrides,
  }
}
export const states = (plan: MessagePlan) => plan.deliveries.map(each => [each.deviceId, each.state, each.code])
