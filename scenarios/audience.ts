/**
 * The audience, generated lazily: `personAt(i)` reseeds a dedicated Faker
 * instance from (scenario seed, i), so a person depends on nothing but the
 * seed and its index: a million persons cost nothing until iterated, and
 * any order of access gives the same persons.
 */
import { createHash } from 'node:crypto'
import { Faker, allLocales, type LocaleDefinition } from '@faker-js/faker'
import type { AudiencePlan, Audience, DeviceOfPerson, Person, Shares } from './plan-types.ts'
import type { Channel, PropertyName, TokenState } from './types.ts'
import { timezonesOf } from './world.ts'

const DAY_MS = 86_400_000
/** How far back a device's last use goes. */
const LAST_USED_WITHIN_MS = 30 * DAY_MS

export function createAudience(plan: AudiencePlan, seed: string, startMs: number): Audience {
  const seedWords = seedToWords(seed)
  const base = newFaker('en-US', startMs)
  const byLocale = new Map<string, Faker>()
  const fakerFor = (locale: string): Faker => {
    let faker = byLocale.get(locale)
    if (faker === undefined) byLocale.set(locale, (faker = newFaker(locale, startMs)))
    return faker
  }

  const personAt = (index: number): Person => {
    if (!Number.isInteger(index) || index < 0 || index >= plan.persons) throw new RangeError(`person index ${index} is outside 0..${plan.persons - 1}`)
    base.seed([...seedWords, index, 0])
    const draw = () => base.number.float()
    const locale = pick(plan.locales, draw())
    const timezone = pick(plan.timezones ?? timezonesOf(locale), draw())
    const test = draw() < plan.testProfiles
    const missing = plan.properties.map(({ missing }) => draw() < missing)
    const deviceCount = Number(pick(plan.devices.perPerson, draw()))
    const id = `p${index}`
    const devices = Array.from({ length: deviceCount }, (_, k) => deviceOf(plan.devices, base, `${id}-d${k}`, startMs))
    // Drawn after everything else: adding the share left every earlier draw, and so every existing audience, as it was.
    const unsubscribed = draw() < plan.unsubscribed

    const named = fakerFor(locale)
    named.seed([...seedWords, index, 1])
    const firstName = named.person.firstName()
    const lastName = named.person.lastName()
    const properties: Partial<Record<PropertyName, string>> = {}
    plan.properties.forEach(({ name }, k) => {
      if (!missing[k]) properties[name] = propertyValue(name, named, firstName, lastName)
    })
    return { index, id, name: `${firstName} ${lastName}`, locale, timezone, properties, test, unsubscribed, devices }
  }

  return {
    size: plan.persons,
    personAt,
    *[Symbol.iterator]() {
      for (let i = 0; i < plan.persons; i++) yield personAt(i)
    },
  }
}

function deviceOf(plan: AudiencePlan['devices'], faker: Faker, id: string, startMs: number): DeviceOfPerson {
  const draw = () => faker.number.float()
  const channel = pick(plan.channels, draw())
  const tokenState = pick(plan.tokens, draw())
  const sdk = draw() < plan.sdk
  const optIn = draw() < plan.optIn
  const appState = pick(plan.appStates, draw())
  const online = draw() < plan.online
  const doze = channel === 'fcm' && draw() < plan.doze
  const lastUsedAt = new Date(startMs - Math.floor(draw() * LAST_USED_WITHIN_MS)).toISOString()
  const unregisteredSince = tokenState === 'unregistered' ? new Date(startMs - Math.floor(draw() * plan.unregisteredWithinMs)).toISOString() : undefined
  const token = tokenOf(channel, tokenState, faker)
  return { id, channel, token, tokenState, ...(unregisteredSince === undefined ? {} : { unregisteredSince }), sdk, optIn, appState, online, doze, lastUsedAt }
}

/** An APNs hex token, an FCM registration token, or a web push subscription placeholder; malformed ones are visibly so. */
function tokenOf(channel: Channel, state: TokenState, faker: Faker): string {
  if (state === 'malformed') return `malformed!${faker.string.alphanumeric(12)}`
  if (channel === 'apns') return faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' })
  if (channel === 'fcm') return `${faker.string.alphanumeric(22)}:APA91b${faker.string.alphanumeric(134)}`
  return `${channel}:${faker.string.uuid()}`
}

function propertyValue(name: PropertyName, faker: Faker, firstName: string, lastName: string): string {
  switch (name) {
    case 'firstName':
      return firstName
    case 'lastName':
      return lastName
    case 'email':
      return faker.internet.email({ firstName, lastName }).toLowerCase()
    case 'city':
      return faker.location.city()
    case 'country':
      return faker.location.country()
    case 'company':
      return faker.company.name()
    case 'birthday':
      return faker.date.birthdate({ mode: 'age', min: 16, max: 80 }).toISOString().slice(0, 10)
  }
}

/** The entry whose cumulative share first exceeds u (0 ≤ u < 1); the last one for rounding leftovers. */
export function pick<K extends string>(shares: Shares<K>, u: number): K {
  let cumulative = 0
  for (const [name, share] of shares) {
    cumulative += share
    if (u < cumulative) return name
  }
  return shares[shares.length - 1]![0]
}

/** A dedicated instance (never the global `faker`): names in the locale's language, English as fallback. */
function newFaker(locale: string, startMs: number): Faker {
  const [language, region] = locale.split('-')
  const definitions = allLocales as Readonly<Record<string, LocaleDefinition>>
  const own = definitions[`${language}_${region}`] ?? definitions[language ?? '']
  const faker = new Faker({ locale: [...(own === undefined ? [] : [own]), allLocales.en, allLocales.base] })
  faker.setDefaultRefDate(startMs)
  return faker
}

/** The seed text as four 32-bit words: every seed, however long, takes part. */
function seedToWords(seed: string): number[] {
  const digest = createHash('sha256').update(seed).digest()
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset))
}
