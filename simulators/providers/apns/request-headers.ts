/**
 * Checks of single `apns-*` headers (§1.2). Each returns the reason of the
 * violation or null; none allocates on the valid path.
 */
import type { ApnsPushType } from './topics.ts'

// [interp] Apple asks for lower-case; upper-case hex is accepted too, since
// Swift's `UUID().uuidString` is upper-case and clients send it unchanged.
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DIGITS = /^[0-9]+$/
const MAX_COLLAPSE_ID_BYTES = 64

/** A header name repeated in `rawHeaders` (compared case-insensitively) → DuplicateHeaders. */
export function hasDuplicateHeaders(rawHeaders: readonly string[]): boolean {
  // Requests carry ~10 headers: a quadratic scan beats building a Set.
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase()
    for (let j = i + 2; j < rawHeaders.length; j += 2) {
      const other = rawHeaders[j]!
      if (other.length === name.length && other.toLowerCase() === name) return true
    }
  }
  return false
}

export const isCanonicalUuid = (value: string): boolean => CANONICAL_UUID.test(value)

export function checkMessageId(value: string | undefined): 'BadMessageId' | null {
  return value === undefined || CANONICAL_UUID.test(value) ? null : 'BadMessageId'
}

/**
 * 10, 5 or 1. [interp] Only an explicit `10` with `background` is refused
 * (§1.2 leaves the reason unverified; BadPriority): an absent header means
 * 10 too, but rejecting it would break clients that omit the header.
 */
export function checkPriority(value: string | undefined, pushType: ApnsPushType): 'BadPriority' | null {
  if (value === undefined) return null
  if (value === '10') return pushType === 'background' ? 'BadPriority' : null
  return value === '5' || value === '1' ? null : 'BadPriority'
}

/** UNIX epoch seconds; 0 = deliver once. [interp] Must be a safe non-negative integer. */
export function checkExpiration(value: string | undefined): 'BadExpirationDate' | null {
  if (value === undefined) return null
  return DIGITS.test(value) && Number.isSafeInteger(Number(value)) ? null : 'BadExpirationDate'
}

/** At most 64 bytes (§1.2). */
export function checkCollapseId(value: string | undefined): 'BadCollapseId' | null {
  if (value === undefined) return null
  return Buffer.byteLength(value, 'utf8') > MAX_COLLAPSE_ID_BYTES ? 'BadCollapseId' : null
}
