import type { ExchangeNote, Rng, SimRequest, SimResponse } from '../../kernel/index.ts'
import { invalidKeyPage, legacyGonePage } from './gfe-pages.ts'
import { JSON_CONTENT_TYPE } from '../../catalogue/wire/google-error.ts'
import { isObject } from './proto-json.ts'

/**
 * The retired legacy HTTP API, `POST /fcm/send` (§2.8). Since the 2024
 * shutdown it refuses every target with `DeprecatedApi` in an HTTP 200 body
 * [obs 2024-09: jlcvp/fcm-node#100, kutia-software-company/larafirebase#82].
 */
export const LEGACY_PATH = '/fcm/send'
const SERVER_KEY = /^key=\S+/i
const MAX_REGISTRATION_IDS = 1000

export interface LegacyAnswer {
  response: SimResponse
  note: ExchangeNote
}

export function handleLegacySend(request: SimRequest, mode: 'deprecated-api' | 'not-found', rng: Rng): LegacyAnswer {
  if (mode === 'not-found') return { response: legacyGonePage(), note: { target: '', flavour: '', reason: 'NotFound' } }
  // Any key is accepted: server keys of the retired API are not modelled.
  if (!SERVER_KEY.test(request.headers.authorization ?? '')) {
    return { response: invalidKeyPage(), note: { target: '', flavour: '', reason: 'INVALID_KEY' } }
  }
  const { targets, first } = readTargets(request.body)
  const results = Array.from({ length: targets }, () => '{"error":"DeprecatedApi"}').join(',')
  // Written by hand: a 63-bit multicast id does not survive a JS number.
  const body = `{"multicast_id":${multicastId(rng)},"success":0,"failure":${targets},"canonical_ids":0,"results":[${results}]}`
  return {
    response: { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body },
    note: { target: first, flavour: '', reason: 'DeprecatedApi' },
  }
}

/**
 * One result per `registration_ids` entry, else one for `to`/`condition`.
 * A body that is not JSON, or names no target, still gets one result [interp]:
 * the retired API refuses before it looks at the payload.
 */
function readTargets(body: Buffer): { targets: number; first: string } {
  let root: unknown
  try {
    root = JSON.parse(body.toString('utf8'))
  } catch {
    return { targets: 1, first: '' }
  }
  if (!isObject(root)) return { targets: 1, first: '' }
  const ids = root.registration_ids
  if (Array.isArray(ids) && ids.length > 0) {
    return { targets: Math.min(ids.length, MAX_REGISTRATION_IDS), first: typeof ids[0] === 'string' ? ids[0] : '' }
  }
  if (typeof root.to === 'string') {
    return { targets: 1, first: root.to.startsWith('/topics/') ? `topic:${root.to.slice(8)}` : root.to }
  }
  if (typeof root.condition === 'string') return { targets: 1, first: `condition:${root.condition}` }
  return { targets: 1, first: '' }
}

/** A positive 63-bit decimal, like `6777736059144782845`. */
function multicastId(rng: Rng): string {
  return (rng.bytes(8).readBigUInt64BE() >> 1n).toString()
}
