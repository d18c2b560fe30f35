/**
 * What one wire answer means, read through the error catalogue (the
 * oracle's only source of §3–4 classes and dashboard codes): accepted, an
 * error of a class with a dashboard code, or no answer at all (timeout,
 * reset, refusal), which §2/§4 make transient, under its channel's code.
 */
import { CATALOGUE, findEntry, wireFor, type CatalogueEntry, type ErrorClass, type WireTarget } from '../../simulators/catalogue/index.ts'
import type { ProviderName } from '../../simulators/kernel/exchange.ts'
import { NO_ANSWER_CODE } from './no-answer-code.ts'

export type AnswerReading =
  | { kind: 'accepted' }
  | { kind: 'error'; class: ErrorClass; dashboard: string; entry: string }
  /** An answer the catalogue cannot place (ambiguous or unknown): rules that need its class leave it out. */
  | { kind: 'unknown'; status: number }
  /** No answer reached the client: transient (§4), under the channel's code for it (no-answer-code.ts); null on a target the catalogue does not know. */
  | { kind: 'no-answer'; dashboard: string | null }

/** APNs and FCM accept with 200, web push with 201 (protocols.md); the whole answer must have been written. */
const ACCEPTED: Readonly<Record<ProviderName, number>> = { apns: 200, fcm: 200, webpush: 201 }

export interface WireAnswer {
  provider: ProviderName
  flavour: string | null
  outcome: string
  status: number
  reason: string | null
}

export function isAccepted(answer: WireAnswer): boolean {
  return answer.outcome === 'answered' && answer.status === ACCEPTED[answer.provider]
}

export function wireTargetOf(provider: ProviderName, flavour: string | null): WireTarget | undefined {
  if (provider !== 'webpush') return provider
  return flavour === 'chrome' || flavour === 'firefox' || flavour === 'kaios' || flavour === 'safari' ? flavour : undefined
}

/** Name prefixes of service-specific catalogue forms, per wire target (simulators/catalogue/index.ts). */
const PREFIXES: Readonly<Record<WireTarget, readonly string[]>> = {
  apns: ['goaway'],
  fcm: ['fcm'],
  chrome: ['chrome'],
  firefox: ['autopush'],
  kaios: ['autopush'],
  safari: ['safari'],
}

const cache = new Map<string, AnswerReading>()
/** One object for every acceptance (readings are never changed), so that a reader may key by identity. */
const ACCEPTED_READING: AnswerReading = Object.freeze({ kind: 'accepted' })

export function readAnswer(answer: WireAnswer): AnswerReading {
  if (isAccepted(answer)) return ACCEPTED_READING
  // Bounded: one entry per distinct (provider, flavour, status, reason), a few hundred at most.
  const key = `${answer.provider}|${answer.flavour}|${answer.status}|${answer.reason}`
  let reading = cache.get(key)
  if (reading === undefined) {
    reading = uncachedRead(answer)
    if (cache.size < 10_000) cache.set(key, reading)
  }
  return reading
}

function uncachedRead(answer: WireAnswer): AnswerReading {
  const target = wireTargetOf(answer.provider, answer.flavour)
  const answered = answer.status > 0
  if (target === undefined) return answered ? { kind: 'unknown', status: answer.status } : { kind: 'no-answer', dashboard: null }
  const byName = entryByReason(answer.reason, target, answer.status)
  if (byName !== undefined) return errorOf(byName)
  if (!answered) return { kind: 'no-answer', dashboard: NO_ANSWER_CODE[target] }
  // The core's own reason words (`gone:unsubscribed`, an autopush errno…) not matched: every entry answered with this status here, if they agree.
  const candidates = CATALOGUE.filter((entry) => {
    const wire = wireFor(entry, target)
    return wire?.kind === 'respond' && wire.status === answer.status
  })
  const dashboards = new Set(candidates.map((entry) => `${entry.dashboard}|${entry.class}`))
  return dashboards.size === 1 ? errorOf(candidates[0]!) : { kind: 'unknown', status: answer.status }
}

/** The entry a reason names — as written, with the target's prefix, or its head (`gone:unsubscribed` → `chrome:gone`) — if it answers so here. */
function entryByReason(reason: string | null, target: WireTarget, status: number): CatalogueEntry | undefined {
  if (reason === null || reason === '') return undefined
  const head = reason.split(':')[0]!
  const names = [reason, ...PREFIXES[target].flatMap((prefix) => [`${prefix}:${reason}`, `${prefix}:${head}`])]
  for (const name of names) {
    const entry = findEntry(name)
    const wire = entry && wireFor(entry, target)
    if (!entry || !wire) continue
    if (wire.kind === 'respond' ? wire.status === status : status === 0) return entry
  }
  return undefined
}

const errorOf = (entry: CatalogueEntry): AnswerReading => ({ kind: 'error', class: entry.class, dashboard: entry.dashboard, entry: entry.name })

/** A code as the catalogue names it: an alias (`DeviceTokenInactiveForTopic`) becomes its dashboard name; unknown codes stay as they are. */
export function dashboardName(code: string): string {
  const entry = findEntry(code)
  return entry !== undefined && entry.kind !== 'provider' ? entry.name : code
}
