/** Decodes `audience` into an AudiencePlan with defaults applied. */
import type { AudiencePlan, Shares } from '../plan-types.ts'
import { APP_STATES, CHANNELS, PROPERTIES, TOKEN_STATES, type Channel, type PropertyName } from '../types.ts'
import { WORLD_LOCALES, checkLocale, checkTimezone } from '../world.ts'
import { child, nearest, problem, readDuration, readEnumMix, readMix, readNumber, readRecord, rejectUnknown, shareOr, type Problems } from './read.ts'

const AUDIENCE_KEYS = ['persons', 'locales', 'timezones', 'properties', 'testProfiles', 'unsubscribed', 'devices']
const DEVICE_KEYS = ['perPerson', 'channels', 'sdk', 'optIn', 'appStates', 'online', 'doze', 'tokens', 'unregisteredWithin']
/** Enough for every test of "N = 1,000,000 costs nothing" and far beyond. */
const MAX_PERSONS = 100_000_000
const MAX_DEVICES_PER_PERSON = 20

export function decodeAudience(value: unknown, problems: Problems): AudiencePlan | undefined {
  const path = 'audience'
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  const before = problems.length
  rejectUnknown(record, AUDIENCE_KEYS, path, problems)
  const persons = readNumber(record.persons, child(path, 'persons'), problems, { integer: true, min: 0, max: MAX_PERSONS })
  const locales = world(record.locales) ? WORLD_LOCALES : readMix(record.locales, child(path, 'locales'), problems, checkLocale)
  const timezones = world(record.timezones) ? undefined : readMix(record.timezones, child(path, 'timezones'), problems, checkTimezone)
  const properties = decodeProperties(record.properties, child(path, 'properties'), problems)
  const testProfiles = shareOr(record, 'testProfiles', path, problems, 0)
  const unsubscribed = shareOr(record, 'unsubscribed', path, problems, 0)
  const devices = decodeDevices(record.devices, child(path, 'devices'), problems)
  if (problems.length > before || persons === undefined || locales === undefined || properties === undefined || testProfiles === undefined || unsubscribed === undefined || devices === undefined) return undefined
  return { persons, locales, ...(timezones === undefined ? {} : { timezones }), properties, testProfiles, unsubscribed, devices }
}

const world = (value: unknown): boolean => value === undefined || value === 'world'

function decodeProperties(value: unknown, path: string, problems: Problems): AudiencePlan['properties'] | undefined {
  if (value === undefined) return [{ name: 'firstName', missing: 0 }]
  const record = readRecord(value, path, problems)
  if (record === undefined) return undefined
  const properties: { name: PropertyName; missing: number }[] = []
  for (const [name, spec] of Object.entries(record)) {
    const at = child(path, name)
    if (!(PROPERTIES as readonly string[]).includes(name)) {
      const near = nearest(name, PROPERTIES)
      problem(problems, at, `unknown property${near === undefined ? '' : ` (did you mean ${near}?)`}; the audience generates: ${PROPERTIES.join(', ')}`)
      continue
    }
    const specRecord = readRecord(spec ?? {}, at, problems, 'an object such as { missing: 0.1 }')
    if (specRecord === undefined) continue
    rejectUnknown(specRecord, ['missing'], at, problems)
    const missing = shareOr(specRecord, 'missing', at, problems, 0)
    if (missing !== undefined) properties.push({ name: name as PropertyName, missing })
  }
  return properties
}

function decodeDevices(value: unknown, path: string, problems: Problems): AudiencePlan['devices'] | undefined {
  const record = readRecord(value ?? {}, path, problems)
  if (record === undefined) return undefined
  const before = problems.length
  rejectUnknown(record, DEVICE_KEYS, path, problems)
  const perPerson: Shares<string> | undefined =
    record.perPerson === undefined
      ? [['1', 1]]
      : readMix(record.perPerson, child(path, 'perPerson'), problems, (count) =>
          /^\d+$/.test(count) && Number(count) <= MAX_DEVICES_PER_PERSON ? undefined : `expected a device count from 0 to ${MAX_DEVICES_PER_PERSON}, got ${JSON.stringify(count)}`,
        )
  const evenChannels: Shares<Channel> = CHANNELS.map((channel) => [channel, 1 / CHANNELS.length] as const)
  const channels = record.channels === undefined ? evenChannels : readEnumMix(record.channels, CHANNELS, child(path, 'channels'), problems)
  const appStates = record.appStates === undefined ? ([['foreground', 0.1], ['background', 0.5], ['closed', 0.4]] as const) : readEnumMix(record.appStates, APP_STATES, child(path, 'appStates'), problems)
  const tokens = record.tokens === undefined ? ([['valid', 1]] as const) : readEnumMix(record.tokens, TOKEN_STATES, child(path, 'tokens'), problems)
  const sdk = shareOr(record, 'sdk', path, problems, 1)
  const optIn = shareOr(record, 'optIn', path, problems, 1)
  const online = shareOr(record, 'online', path, problems, 1)
  const doze = shareOr(record, 'doze', path, problems, 0)
  const unregisteredWithinMs = record.unregisteredWithin === undefined ? 30 * 86_400_000 : readDuration(record.unregisteredWithin, child(path, 'unregisteredWithin'), problems)
  if (problems.length > before) return undefined
  return {
    perPerson: perPerson!,
    channels: channels!,
    sdk: sdk!,
    optIn: optIn!,
    appStates: appStates!,
    online: online!,
    doze: doze!,
    tokens: tokens!,
    unregisteredWithinMs: unregisteredWithinMs!,
  }
}
