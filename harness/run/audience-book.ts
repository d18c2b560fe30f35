/**
 * The audience as the run sees it: each person's tokens and subscriptions
 * registered at the simulators in the state the scenario gave them, each
 * person's member as the dispatcher contract takes it (one NDJSON line),
 * and the index from a provider address back to the device that owns it —
 * how a simulated device recognises a push meant for it.
 */
import type { Simulators } from '../../simulators/serve.ts'
import type { Audience, DeviceOfPerson, Person } from '../../scenarios/plan-types.ts'
import type { Channel, Platform } from '../../scenarios/types.ts'

export interface BookedDevice {
  device: DeviceOfPerson
  personIndex: number
  personId: string
  platform: Platform
}

export interface AudienceBook {
  readonly persons: number
  readonly devices: number
  /** The contract's AudienceMember of person `index`, restricted to `channels`, as one NDJSON line (with its newline). */
  memberLine(index: number, channels?: readonly Channel[]): string
  member(index: number, channels?: readonly Channel[]): unknown
  personId(index: number): string
  /** The device that owns an APNs or FCM token, or a web push subscription id (a never-issued one too). */
  byAddress(provider: 'apns' | 'fcm' | 'webpush', key: string): BookedDevice | undefined
  /** The subscription whose keys a push to this web push id is encrypted with: itself, or for a never-issued id the device's own. */
  keysOf(subscriptionId: string): string
  /** Devices by state at the provider, for the run result. */
  readonly tokenStates: Readonly<Record<string, number>>
}

export const platformOf = (channel: Channel): Platform => (channel === 'apns' ? 'ios' : channel === 'fcm' ? 'android' : 'web')

const OS: Record<Platform, string> = { ios: 'iOS', android: 'Android', web: 'Web' }

const BROWSER: Record<string, 'chrome' | 'firefox' | 'kaios' | 'safari'> = {
  'webpush-chrome': 'chrome',
  'webpush-firefox': 'firefox',
  'webpush-kaios': 'kaios',
  'webpush-safari': 'safari',
}

/** Registers every device of the audience at the simulators (in-process) and indexes it. */
export function bookAudience(audience: Audience, sims: Simulators): AudienceBook {
  const persons: Person[] = []
  const addresses = new Map<string, unknown>()
  const index = new Map<string, BookedDevice>()
  const tokenStates: Record<string, number> = {}
  // Never-issued endpoint id → the subscription the device made: the dispatcher encrypts with its keys.
  const notIssued = new Map<string, string>()
  const vapidKey = sims.credentials.vapid.publicKey
  const webpushOrigin = new URL(sims.endpoints.webpushTls).origin
  let devices = 0

  for (const person of audience) {
    persons.push(person)
    for (const device of person.devices) {
      devices++
      tokenStates[device.tokenState] = (tokenStates[device.tokenState] ?? 0) + 1
      const booked: BookedDevice = { device, personIndex: person.index, personId: person.id, platform: platformOf(device.channel) }
      const since = device.unregisteredSince === undefined ? undefined : Date.parse(device.unregisteredSince)
      if (device.channel === 'apns') {
        if (device.tokenState === 'unregistered' || device.tokenState === 'expired') must(sims.apns.registerToken({ token: device.token, state: device.tokenState, ...(since === undefined ? {} : { unregisteredAt: since }) }))
        index.set(`apns:${device.token}`, booked)
        addresses.set(device.id, { kind: 'token', token: device.token })
      } else if (device.channel === 'fcm') {
        if (device.tokenState === 'unregistered' || device.tokenState === 'expired') must(sims.fcm.registerToken({ token: device.token, state: 'unregistered' }))
        index.set(`fcm:${device.token}`, booked)
        addresses.set(device.id, { kind: 'token', token: device.token })
      } else {
        const info = must(sims.webpush.subscribe({ browser: BROWSER[device.channel]!, origin: webpushOrigin, applicationServerKey: vapidKey }))
        if (device.tokenState === 'unregistered') must(sims.webpush.unsubscribe(info.id, 'unsubscribed'))
        if (device.tokenState === 'expired') must(sims.webpush.unsubscribe(info.id, 'expired'))
        index.set(`webpush:${info.id}`, booked)
        let endpoint = info.subscription.endpoint
        if (device.tokenState === 'malformed') {
          // An endpoint the push service never issued, on the service's own path, so it answers in its own 404 form
          // (protocols.md §3.4–3.6); the device's keys stay, so the harness can still read which delivery it carried.
          const id = `${device.token.replace(/[^A-Za-z0-9]/g, '')}-not-issued`
          endpoint = endpoint.slice(0, endpoint.length - info.id.length) + id
          notIssued.set(id, info.id)
          index.set(`webpush:${id}`, booked)
        }
        addresses.set(device.id, { kind: 'subscription', endpoint, p256dh: info.subscription.keys.p256dh, auth: info.subscription.keys.auth })
      }
    }
  }

  const member = (i: number, channels?: readonly Channel[]) => memberOf(persons[i]!, (device) => addresses.get(device.id), channels)
  return {
    persons: persons.length,
    devices,
    member,
    personId: (i) => persons[i]!.id,
    memberLine: (i, channels) => JSON.stringify(member(i, channels)) + '\n',
    byAddress: (provider, key) => index.get(`${provider}:${key}`),
    keysOf: (subscriptionId) => notIssued.get(subscriptionId) ?? subscriptionId,
    tokenStates,
  }
}

function must<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(`Failed to register the audience at the simulators: ${result.error.message}`)
  return result.value
}

/** A person as the contract's audience line carries it (`POST /campaigns/{id}/audience`), each device at the address `addressOf` gives it. */
export function memberOf<Address>(person: Person, addressOf: (device: DeviceOfPerson) => Address, channels?: readonly Channel[]) {
  return {
    person: { id: person.id, properties: person.properties, timezone: person.timezone, test: person.test, unsubscribed: person.unsubscribed },
    devices: person.devices
      .filter((device) => channels === undefined || channels.includes(device.channel))
      .map((device) => ({
        id: device.id,
        personId: person.id,
        channel: device.channel,
        platform: platformOf(device.channel),
        os: OS[platformOf(device.channel)],
        model: device.channel,
        address: addressOf(device),
        sdk: device.sdk,
        lastSeenAt: Date.parse(device.lastUsedAt),
      })),
  }
}
