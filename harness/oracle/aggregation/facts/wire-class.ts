/**
 * What one exchange means for its delivery, from the wire alone: accepted
 * (APNs/FCM 200, web push 201, answer fully written), a dead address (§4:
 * the catalogue's dead-address class — APNs 410 and 400 BadDeviceToken &
 * co., FCM 404 and 400 APNS_TOKEN_DISABLED, web push 404/410), or another
 * failure; and its dashboard code when the catalogue names the answer.
 */
import { findEntry, type CatalogueEntry } from '../../../../simulators/catalogue/index.ts'

export interface WireAnswer {
  provider: string
  flavour: string | null
  outcome: string
  status: number
  reason: string | null
}

const ACCEPTED: Readonly<Record<string, number>> = { apns: 200, fcm: 200, webpush: 201 }

export const isAccepted = (answer: WireAnswer): boolean => answer.outcome === 'answered' && answer.status === ACCEPTED[answer.provider]

// Web push services spell reasons their own way; the catalogue prefixes them by service.
const PREFIXES: Readonly<Record<string, string[]>> = { webpush: ['autopush:', 'chrome:', 'safari:'], fcm: ['fcm:'], apns: [] }

function entryOf(answer: WireAnswer): CatalogueEntry | undefined {
  if (answer.reason === null) return undefined
  for (const name of [answer.reason, ...(PREFIXES[answer.provider] ?? []).map((prefix) => prefix + answer.reason)]) {
    const entry = findEntry(name)
    if (entry !== undefined && entry.provider === answer.provider) return entry
  }
  return undefined
}

export function isDeadAddress(answer: WireAnswer): boolean {
  if (answer.outcome !== 'answered' && answer.outcome !== 'cut') return false
  if (answer.provider === 'webpush') return answer.status === 404 || answer.status === 410
  if (answer.provider === 'apns' && answer.status === 410) return true
  if (answer.provider === 'fcm' && answer.status === 404) return true
  return answer.status === 400 && entryOf(answer)?.class === 'dead-address'
}

/** The §3 dashboard code of a failed answer, when the catalogue knows its reason. */
export const dashboardCodeOf = (answer: WireAnswer): string | null => entryOf(answer)?.dashboard ?? null
