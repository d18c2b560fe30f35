/**
 * The error catalogue (issue 3 §1): every failure a fault can name, as data,
 * with the wire answer that reproduces it per target. Names never collide:
 * dashboard codes are snake_case, APNs reasons PascalCase, FCM codes
 * UPPER_SNAKE, and service-specific forms carry a prefix (`autopush:`,
 * `chrome:`, `safari:`, `fcm:`, `goaway:`).
 */
import type { ProviderName } from '../kernel/exchange.ts'
import { APNS_ENTRIES } from './entries/apns.ts'
import { DASHBOARD_ENTRIES } from './entries/dashboard.ts'
import { WIRE_TARGETS } from './entries/define.ts'
import { FCM_ENTRIES } from './entries/fcm.ts'
import { NON_PROVIDER_ENTRIES } from './entries/non-provider.ts'
import { WEBPUSH_ENTRIES } from './entries/webpush.ts'
import type { CatalogueEntry, WireSpec, WireTarget } from './types.ts'

export type * from './types.ts'
export { renderWire, type RenderContext, type RenderedWire } from './render.ts'
export { WIRE_TARGETS }

export const CATALOGUE: readonly CatalogueEntry[] = deepFreeze([
  ...DASHBOARD_ENTRIES,
  ...APNS_ENTRIES,
  ...FCM_ENTRIES,
  ...WEBPUSH_ENTRIES,
  ...NON_PROVIDER_ENTRIES,
])

const BY_NAME = new Map<string, CatalogueEntry>()
for (const entry of CATALOGUE) BY_NAME.set(entry.name, entry)
// Aliases never shadow a name (the catalogue's tests keep them disjoint anyway).
for (const entry of CATALOGUE) for (const alias of entry.aliases) if (!BY_NAME.has(alias)) BY_NAME.set(alias, entry)

/** By name or alias, case-sensitive (`BadDeviceToken` ≠ `baddevicetoken`). */
export function findEntry(name: string): CatalogueEntry | undefined {
  return BY_NAME.get(name)
}

/**
 * Firefox and KaiOS both run autopush (§3.4), so each falls back on the
 * other. Nothing else does: Chrome's push service answers in text, not FCM
 * JSON, and Apple web push has its own reason vocabulary, not APNs'.
 */
const FALLBACK: Partial<Readonly<Record<WireTarget, WireTarget>>> = { firefox: 'kaios', kaios: 'firefox' }

/** The target's own form, or its sibling's; undefined when the entry cannot be answered there. */
export function wireFor(entry: CatalogueEntry, target: WireTarget): WireSpec | undefined {
  const own = entry.wire[target]
  if (own !== undefined) return own
  const sibling = FALLBACK[target]
  return sibling === undefined ? undefined : entry.wire[sibling]
}

const PROVIDER_OF: Readonly<Record<WireTarget, ProviderName>> = {
  apns: 'apns',
  fcm: 'fcm',
  chrome: 'webpush',
  firefox: 'webpush',
  kaios: 'webpush',
  safari: 'webpush',
}

/**
 * Every simulator that can answer the entry. `entry.provider` holds one;
 * a few dashboard codes span two (`push_unreg`: Chrome web push and FCM).
 */
export function providersOf(entry: CatalogueEntry): ProviderName[] {
  const providers = new Set<ProviderName>(entry.provider === null ? [] : [entry.provider])
  for (const target of Object.keys(entry.wire) as WireTarget[]) providers.add(PROVIDER_OF[target])
  return [...providers]
}

/** The catalogue (or a selection of it) as stable, pretty-printed JSON: catalogue order, fixed key order. */
export function catalogueJson(entries: readonly CatalogueEntry[] = CATALOGUE): string {
  return JSON.stringify(entries, null, 2)
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}
