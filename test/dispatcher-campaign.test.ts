/**
 * The reference dispatcher end to end against the simulators on real
 * sockets: a campaign to persons with APNs, FCM and Web Push devices, every
 * delivery accepted and seen by the providers, statuses, reports and metrics.
 */
import { describe, expect, it } from 'vitest'
import type { DispatcherApp } from '../dispatcher/app.ts'
import type { AudienceMember } from '../dispatcher/engine/intake.ts'
import type { Campaign } from '../dispatcher/model/entities.ts'
import { useDispatcherAgainstSimulators } from './support/dispatcher.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let app: DispatcherApp

useDispatcherAgainstSimulators((started, running) => {
  sims = started
  app = running
})

const campaign: Campaign = {
  id: 'welcome',
  name: 'Welcome',
  targeting: 'all-devices',
  profile: 'mobile',
  variants: [{ id: 'a', share: 1, content: { title: 'Hi {{name|there}}', body: 'Welcome', deepLink: 'https://example.com/w' } }],
  rules: {},
  createdAt: 0,
}

function audience(): AudienceMember[] {
  const subscription = sims.webpush.subscribe({ browser: 'firefox', origin: sims.endpoints.webpushTls, applicationServerKey: sims.credentials.vapid.publicKey })
  if (!subscription.ok) throw new Error(subscription.error.message)
  const { endpoint, keys } = subscription.value.subscription
  return [
    {
      person: { id: 'ada', properties: { name: 'Ada' }, timezone: 'Europe/London', test: false, unsubscribed: false },
      devices: [
        { id: 'ada-ios', personId: 'ada', channel: 'apns', platform: 'ios', address: { kind: 'token', token: 'ad'.repeat(32) }, os: 'iOS 18', sdk: true, lastSeenAt: 1 },
        { id: 'ada-web', personId: 'ada', channel: 'webpush-firefox', platform: 'web', address: { kind: 'subscription', endpoint, p256dh: keys.p256dh, auth: keys.auth }, os: 'Linux', sdk: true, lastSeenAt: 2 },
      ],
    },
    {
      person: { id: 'bob', properties: {}, timezone: 'America/New_York', test: false, unsubscribed: false },
      devices: [{ id: 'bob-android', personId: 'bob', channel: 'fcm', platform: 'android', address: { kind: 'token', token: 'bob-token:APA91bBob0000000000' }, os: 'Android 15', sdk: true, lastSeenAt: 1 }],
    },
  ]
}

describe('a campaign across APNs, FCM and Web Push', () => {
  it('accepts every delivery, and the providers saw each exactly once with the rendered content', async () => {
    app.service.createCampaign(campaign)
    const summary = await app.dispatcher.send('welcome', audience())
    expect(summary).toEqual({ persons: 2, messages: 2, duplicates: 0 })
    await app.dispatcher.settled('welcome')
    const deliveries = app.dispatcher.store.deliveriesOf('welcome')
    expect(deliveries.map((d) => [d.deviceId, d.state, d.attempts]).sort()).toEqual([
      ['ada-ios', 'accepted', 1],
      ['ada-web', 'accepted', 1],
      ['bob-android', 'accepted', 1],
    ])
    const apns = sims.ledger.query({ provider: 'apns', target: 'ad'.repeat(32) }).entries
    expect(apns).toHaveLength(1)
    expect(JSON.parse(apns[0]!.request.body).aps.alert).toEqual({ title: 'Hi Ada', body: 'Welcome' })
    expect(apns[0]!.request.headers['apns-id']).toBe(deliveries.find((d) => d.deviceId === 'ada-ios')!.providerId)
    const fcm = sims.ledger.query({ provider: 'fcm', target: 'bob-token:APA91bBob0000000000' }).entries
    expect(fcm.map((e) => e.response.status)).toEqual([200])
    expect(JSON.parse(fcm[0]!.request.body).message.notification.title).toBe('Hi there')
    const web = sims.ledger.query({ provider: 'webpush', status: 201 }).entries
    expect(web).toHaveLength(1)
    expect(JSON.parse(web[0]!.plaintext!).title).toBe('Hi Ada')
    // Every push carries the tracking object its device reports with (architecture.md "The tracking payload").
    const tracking = (deviceId: string) => {
      const delivery = deliveries.find((d) => d.deviceId === deviceId)!
      return { id: delivery.id, token: delivery.trackingToken }
    }
    expect(JSON.parse(apns[0]!.request.body).pushsim).toEqual(tracking('ada-ios'))
    const fcmData = JSON.parse(fcm[0]!.request.body).message.data
    expect({ id: fcmData['pushsim.id'], token: fcmData['pushsim.token'] }).toEqual(tracking('bob-android'))
    expect(JSON.parse(web[0]!.plaintext!).pushsim).toEqual(tracking('ada-web'))
  })

  it('reports statuses per person, takes device reports once, and computes the mobile profile', async () => {
    const byPerson = () => Object.fromEntries((app.service.messages('welcome') as { ok: true; value: { personId: string; status: string }[] }).value.map((m) => [m.personId, m.status]))
    expect(byPerson()).toEqual({ ada: 'Sent', bob: 'Sent' })
    const ios = app.dispatcher.store.deliveriesOf('welcome').find((d) => d.deviceId === 'ada-ios')!
    expect(app.service.track({ deliveryId: ios.id, token: 'forged', event: 'delivered' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(app.service.track({ deliveryId: ios.id, token: ios.trackingToken, event: 'delivered' })).toEqual({ ok: true, value: { recorded: true } })
    expect(app.service.track({ deliveryId: ios.id, token: ios.trackingToken, event: 'delivered' })).toEqual({ ok: true, value: { recorded: false } })
    expect(app.service.track({ deliveryId: ios.id, token: ios.trackingToken, event: 'opened' })).toEqual({ ok: true, value: { recorded: true } })
    expect(byPerson()).toEqual({ ada: 'Opened', bob: 'Sent' })
    const metrics = app.service.metrics('welcome', 'mobile', undefined)
    if (!metrics.ok) throw new Error(metrics.message)
    // Hand-computed: 2 qualified persons, 3 accepted deliveries, 1 impression, 1 click.
    expect(metrics.value).toMatchObject({ qualified: 2, sent: 3, impressions: 1, clicks: 1, impressionRate: (1 / 3) * 100, clickRate: (1 / 3) * 100, ctr: 100, impressionsByOs: { 'iOS 18': 1 } })
  })
})
