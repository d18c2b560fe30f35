/**
 * APNs answers as Outcomes (§1.5, §1.7). Errors carry `content-type:
 * application/json`, `apns-id` and `{"reason":…}`; 410s add `timestamp`;
 * success is 200 with `apns-id` (plus `apns-unique-id` in the sandbox) and
 * no body.
 */
import type { ConnectionEffect, ExchangeNote, Outcome } from '../../kernel/exchange.ts'
import { goneBody, reasonBody, statusOf, type ApnsGoneReason, type ApnsReason } from '../../catalogue/wire/apns-reasons.ts'
import type { ApnsEnvironment } from './types.ts'

/** Facts every answer to one request shares. */
export interface Exchange {
  apnsId: string
  environment: ApnsEnvironment
  /** Normalised device token, or '' before the path was read. */
  target: string
  effect: ConnectionEffect | undefined
}

export function rejection(exchange: Exchange, reason: ApnsReason): Outcome {
  return errorOutcome(exchange, statusOf(reason), reasonBody(reason), reason)
}

export function gone(exchange: Exchange, reason: ApnsGoneReason, timestampMs: number): Outcome {
  return errorOutcome(exchange, 410, goneBody(reason, timestampMs), reason)
}

export function success(exchange: Exchange, uniqueId: string | undefined): Outcome {
  const headers: Record<string, string> =
    uniqueId === undefined ? { 'apns-id': exchange.apnsId } : { 'apns-id': exchange.apnsId, 'apns-unique-id': uniqueId }
  const note: ExchangeNote = { target: exchange.target, flavour: exchange.environment }
  return withEffect({ kind: 'respond', response: { status: 200, headers }, note }, exchange.effect)
}

function errorOutcome(exchange: Exchange, status: number, body: string, reason: string): Outcome {
  const headers = { 'content-type': 'application/json', 'apns-id': exchange.apnsId }
  const note: ExchangeNote = { target: exchange.target, flavour: exchange.environment, reason }
  return withEffect({ kind: 'respond', response: { status, headers, body }, note }, exchange.effect)
}

function withEffect(outcome: Outcome, effect: ConnectionEffect | undefined): Outcome {
  if (effect !== undefined) outcome.effect = effect
  return outcome
}
