/**
 * What one exchange means for its delivery, from the wire alone: accepted
 * (APNs/FCM 200, web push 201, answer fully written), a dead address (§4:
 * the catalogue's dead-address class — APNs 410 and 400 BadDeviceToken &
 * co., FCM 404 and 400 APNS_TOKEN_DISABLED, web push 404/410), or another
 * failure; and its dashboard code when the catalogue names the answer.
 */
import { findEntry, type CatalogueEntry } from '../../../../simulators/catalogue/index.ts'
import type { ProviderName } from '../../../../simulators/kernel/exchange.ts'
import { wireTargetOf } from '../../answer-reading.ts'
import { NO_ANSWER_CODE } from '../../no-answer-code.ts'

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
  // Chrome's core notes `<situation>:<detail>` (`not-found:unknown-id`); its catalogue entry is the situation (`chrome:not-found`).
  const head = answer.reason.split(':')[0]!
  const prefixes = PREFIXES[answer.provider] ?? []
  for (const name of [answer.reason, ...prefixes.map((prefix) => prefix + answer.reason), ...prefixes.map((prefix) => prefix + head)]) {
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

/** The §3 dashboard code of a failed answer, when the catalogue knows its reason; no answer at all is its channel's code for that (no-answer-code.ts). */
export const dashboardCodeOf = (answer: WireAnswer): string | null => entryOf(answer)?.dashboard ?? (answer.status === 0 ? noAnswerCodeOf(answer) : null)

function noAnswerCodeOf(answer: WireAnswer): string | null {
  const target = wireTargetOf(answer.provider as ProviderName, answer.flavour)
  return target === undefined ? null : NO_ANSWER_CODE[target]
}

/** Answers interned: few distinct ones stand for millions of attempts, so a delivery keeps an answer's number. */
export class AnswerTable {
  private readonly answers: WireAnswer[] = []
  private readonly ids = new Map<string, number>()

  idOf(answer: WireAnswer): number {
    // \u0001 for null, so that a null flavour or reason never meets the string "null".
    const key = `${answer.provider}\u0000${answer.flavour ?? '\u0001'}\u0000${answer.outcome}\u0000${answer.status}\u0000${answer.reason ?? '\u0001'}`
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.answers.push({ provider: answer.provider, flavour: answer.flavour, outcome: answer.outcome, status: answer.status, reason: answer.reason }) - 1
      this.ids.set(key, id)
    }
    return id
  }

  answer(id: number): WireAnswer {
    return this.answers[id]!
  }
}
