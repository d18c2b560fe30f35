/**
 * The notification payload (§1.2): non-empty, within the push type's size
 * limit, and a JSON object. Sizes come from `bodyLength`, which counts the
 * whole body even when the adapter kept only its first bytes.
 */
import type { SimRequest } from '../../kernel/exchange.ts'
import { payloadLimitOf, type ApnsPushType } from './topics.ts'

export type PayloadReason = 'PayloadEmpty' | 'PayloadTooLarge'

const OPEN_BRACE = 0x7b

export function checkPayload(request: SimRequest, pushType: ApnsPushType): PayloadReason | null {
  if (request.bodyLength === 0) return 'PayloadEmpty'
  if (request.bodyLength > payloadLimitOf(pushType)) return 'PayloadTooLarge'
  // Only reachable if an adapter keeps fewer bytes than the limit: the
  // object check needs the whole body, so the size check is all there is.
  if (request.bodyOverflow) return null
  // [interp] Apple documents no reason for a body that is not a JSON object.
  // PayloadEmpty keeps the answer in Apple's vocabulary (clients with closed
  // reason enums still decode it) and carries the right advice: fix the
  // payload, do not retry. A body with no JSON object holds no notification.
  return isJsonObject(request.body) ? null : 'PayloadEmpty'
}

function isJsonObject(body: Buffer): boolean {
  // Cheap precheck so that binary garbage does not pay for a thrown SyntaxError.
  let first = 0
  while (first < body.length && isJsonWhitespace(body[first]!)) first++
  if (body[first] !== OPEN_BRACE) return false
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

const isJsonWhitespace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
