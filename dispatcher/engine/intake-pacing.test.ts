import { describe, expect, it } from 'vitest'
import { startDispatcher } from '../app.ts'
import type { AudienceMember } from './intake.ts'

const member = (i: number): AudienceMember => ({
  person: { id: `p${i}`, properties: {}, timezone: 'UTC', test: false, unsubscribed: false },
  devices: [{ id: `p${i}-d`, personId: `p${i}`, channel: 'fcm', platform: 'android', address: { kind: 'token', token: `p${i}:APA91b000` }, sdk: true, lastSeenAt: 1 }],
})

describe('intake of a paced audience', () => {
  it('plans each member as it arrives, without waiting for a full chunk', async () => {
    // No providers: deliveries fail as credentials_not_found, which is enough to see them planned.
    const app = await startDispatcher({ database: ':memory:', seed: 'pacing', providers: {} })
    try {
      app.dispatcher.createCampaign({ id: 'c', name: 'c', targeting: 'all-devices', profile: 'person-status', variants: [{ id: 'a', share: 1, content: { title: 't', body: 'b' } }], rules: {}, createdAt: 0 })
      const plannedWhenNextArrived: number[] = []
      const total = () => Object.values(app.dispatcher.store.countByState('c')).reduce((sum, count) => sum + count, 0)
      async function* paced(): AsyncIterable<AudienceMember> {
        for (let i = 0; i < 3; i++) {
          if (i > 0) {
            await new Promise((resolve) => setTimeout(resolve, 100))
            plannedWhenNextArrived.push(total())
          }
          yield member(i)
        }
      }
      const summary = await app.dispatcher.send('c', paced())
      expect(summary).toEqual({ persons: 3, messages: 3, duplicates: 0 })
      expect(plannedWhenNextArrived).toEqual([1, 2])
    } finally {
      await app.close()
    }
  })
})
