/**
 * The default "world" audience: a rough mix of smartphone users by locale
 * (weights are illustrative, not a census), each locale with its typical
 * timezones. Used when a scenario leaves `audience.locales` or
 * `audience.timezones` at `'world'`.
 */
import type { Shares } from './plan-types.ts'

/** locale → [share of the world mix, timezones of that locale with their shares]. */
export const WORLD: Readonly<Record<string, readonly [number, Shares]>> = {
  'en-US': [0.2, [['America/New_York', 0.47], ['America/Chicago', 0.29], ['America/Denver', 0.07], ['America/Los_Angeles', 0.17]]],
  'en-IN': [0.12, [['Asia/Kolkata', 1]]],
  'zh-CN': [0.1, [['Asia/Shanghai', 1]]],
  'pt-BR': [0.08, [['America/Sao_Paulo', 0.8], ['America/Manaus', 0.2]]],
  'es-MX': [0.06, [['America/Mexico_City', 1]]],
  'id-ID': [0.06, [['Asia/Jakarta', 1]]],
  'de-DE': [0.06, [['Europe/Berlin', 1]]],
  'en-GB': [0.05, [['Europe/London', 1]]],
  'fr-FR': [0.05, [['Europe/Paris', 1]]],
  'ja-JP': [0.05, [['Asia/Tokyo', 1]]],
  'ru-RU': [0.05, [['Europe/Moscow', 0.7], ['Asia/Yekaterinburg', 0.3]]],
  'tr-TR': [0.04, [['Europe/Istanbul', 1]]],
  'ko-KR': [0.03, [['Asia/Seoul', 1]]],
  'en-AU': [0.03, [['Australia/Sydney', 0.6], ['Australia/Perth', 0.4]]],
  'vi-VN': [0.02, [['Asia/Ho_Chi_Minh', 1]]],
}

export const WORLD_LOCALES: Shares = Object.entries(WORLD).map(([locale, [share]]) => [locale, share] as const)

/** Timezones typical of a locale: the world table's, else those of a world locale of the same region, else UTC. */
export function timezonesOf(locale: string): Shares {
  const known = WORLD[locale]
  if (known !== undefined) return known[1]
  const region = locale.split('-')[1]
  const sameRegion = Object.entries(WORLD).find(([other]) => region !== undefined && other.endsWith(`-${region}`))
  return sameRegion?.[1][1] ?? [['UTC', 1]]
}

/** The timezones of a locale mix, each with its share of the persons. */
export function worldTimezones(locales: Shares): Shares {
  const byZone = new Map<string, number>()
  for (const [locale, share] of locales) for (const [zone, zoneShare] of timezonesOf(locale)) byZone.set(zone, (byZone.get(zone) ?? 0) + share * zoneShare)
  return [...byZone]
}

const ZONES = new Set(Intl.supportedValuesOf('timeZone'))

/** undefined when `name` is an IANA timezone this runtime knows, else a problem message. */
export function checkTimezone(name: string): string | undefined {
  if (ZONES.has(name) || name === 'UTC') return undefined
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return undefined
  } catch {
    return `unknown IANA timezone ${JSON.stringify(name)} (e.g. Europe/Berlin)`
  }
}

/** undefined when `name` is a BCP 47 locale tag with a region (`de-DE`), else a problem message. */
export function checkLocale(name: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(name)
    if (canonical !== undefined && /^[a-z]{2,3}-[A-Z]{2}$/.test(canonical)) return undefined
  } catch {
    // falls through to the message
  }
  return `expected a locale tag with a region such as de-DE or en-US, got ${JSON.stringify(name)}`
}
