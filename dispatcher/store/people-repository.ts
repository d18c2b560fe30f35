import type { DatabaseSync } from 'node:sqlite'
import type { Device, DeviceAddress, DeviceStatus, Person } from '../model/entities.ts'
import type { Store } from './store.ts'
import { bit, flag, int, json, orNull, text, textOrNull, type Row } from './columns.ts'
import { inTransaction } from './transaction.ts'

type DeviceInput = Parameters<Store['upsertDevice']>[0]
type PeopleMethods = Pick<Store, 'upsertPerson' | 'getPerson' | 'upsertDevice' | 'devicesOf' | 'getDevice'>

/**
 * What makes two devices the same push address: the token, or the
 * subscription's endpoint (its keys may rotate; the endpoint is the address).
 */
export function addressKey(address: DeviceAddress): string {
  return address.kind === 'token' ? `token:${address.token}` : `endpoint:${address.endpoint}`
}

/** Persons and their devices, with the device bookkeeping of push-semantics §7. */
export function peopleRepository(db: DatabaseSync): PeopleMethods {
  const upsertPerson = db.prepare(`
    INSERT INTO persons (id, properties, timezone, test, unsubscribed) VALUES (:id, :properties, :timezone, :test, :unsubscribed)
    ON CONFLICT (id) DO UPDATE SET properties = excluded.properties, timezone = excluded.timezone, test = excluded.test, unsubscribed = excluded.unsubscribed`)
  const personById = db.prepare('SELECT * FROM persons WHERE id = ?')
  const deviceById = db.prepare('SELECT * FROM devices WHERE id = ?')
  const deviceByAddress = db.prepare('SELECT * FROM devices WHERE channel = ? AND address_key = ?')
  const devicesOfPerson = db.prepare('SELECT * FROM devices WHERE person_id = ? ORDER BY rowid')
  const insertDevice = db.prepare(`
    INSERT INTO devices (id, person_id, channel, platform, address, address_key, os, model, sdk, last_status, bounce_streak, last_seen_at)
    VALUES (:id, :personId, :channel, :platform, :address, :addressKey, :os, :model, :sdk, :lastStatus, :bounceStreak, :lastSeenAt)`)
  const updateDevice = db.prepare(`
    UPDATE devices SET person_id = :personId, channel = :channel, platform = :platform, address = :address, address_key = :addressKey,
      os = :os, model = :model, sdk = :sdk, last_status = :lastStatus, bounce_streak = :bounceStreak, last_seen_at = :lastSeenAt
    WHERE id = :id`)

  return {
    upsertPerson(person) {
      upsertPerson.run({ id: person.id, properties: JSON.stringify(person.properties), timezone: person.timezone, test: bit(person.test), unsubscribed: bit(person.unsubscribed) })
    },
    getPerson(id) {
      const row = personById.get(id) as Row | undefined
      return row && toPerson(row)
    },
    upsertDevice(input) {
      return inTransaction(db, () => {
        const key = addressKey(input.address)
        // The address decides identity first: the same token under a new id is the same device identified again.
        const existing = (deviceByAddress.get(input.channel, key) ?? deviceById.get(input.id)) as Row | undefined
        const bookkeeping = nextBookkeeping(existing, input.channel, key)
        const device: Device = {
          ...input,
          id: existing ? text(existing, 'id') : input.id,
          lastStatus: input.lastStatus ?? bookkeeping.lastStatus,
          bounceStreak: input.bounceStreak ?? bookkeeping.bounceStreak,
        }
        const values = {
          id: device.id, personId: device.personId, channel: device.channel, platform: device.platform,
          address: JSON.stringify(device.address), addressKey: key, os: orNull(device.os), model: orNull(device.model),
          sdk: bit(device.sdk), lastStatus: device.lastStatus, bounceStreak: device.bounceStreak, lastSeenAt: device.lastSeenAt,
        }
        if (existing) updateDevice.run(values)
        else insertDevice.run(values)
        return toDevice(deviceById.get(device.id) as Row)
      })
    },
    devicesOf(personId) {
      return (devicesOfPerson.all(personId) as Row[]).map(toDevice)
    },
    getDevice(id) {
      const row = deviceById.get(id) as Row | undefined
      return row && toDevice(row)
    },
  }
}

/**
 * §7: identifying a person again with a token resets the device to
 * `unused`. (interpretation) That clears a bounce streak too (bounced or
 * suppressed → unused, streak 0): the app re-registered the token, so the
 * bounces are no longer "in a row". A `sent` device stays `sent`; a new
 * address under a known device id is a new push address, so it starts unused.
 */
function nextBookkeeping(existing: Row | undefined, channel: string, key: string): { lastStatus: DeviceStatus; bounceStreak: number } {
  const fresh = { lastStatus: 'unused' as const, bounceStreak: 0 }
  if (!existing) return fresh
  const sameAddress = text(existing, 'channel') === channel && text(existing, 'address_key') === key
  const lastStatus = text(existing, 'last_status') as DeviceStatus
  if (!sameAddress || lastStatus === 'bounced' || lastStatus === 'suppressed') return fresh
  return { lastStatus, bounceStreak: int(existing, 'bounce_streak') }
}

function toPerson(row: Row): Person {
  return {
    id: text(row, 'id'),
    properties: json(row, 'properties', {}),
    timezone: text(row, 'timezone'),
    test: flag(row, 'test'),
    unsubscribed: flag(row, 'unsubscribed'),
  }
}

export function toDevice(row: Row): Device {
  const os = textOrNull(row, 'os')
  const model = textOrNull(row, 'model')
  return {
    id: text(row, 'id'),
    personId: text(row, 'person_id'),
    channel: text(row, 'channel') as Device['channel'],
    platform: text(row, 'platform') as Device['platform'],
    address: json<DeviceAddress>(row, 'address', { kind: 'token', token: '' }),
    ...(os === null ? {} : { os }),
    ...(model === null ? {} : { model }),
    sdk: flag(row, 'sdk'),
    lastStatus: text(row, 'last_status') as Device['lastStatus'],
    bounceStreak: int(row, 'bounce_streak'),
    lastSeenAt: int(row, 'last_seen_at'),
  }
}
