/**
 * What every wire rule needs besides the ground truth: the limits to hold
 * each channel to, the dispatcher's capabilities, and each campaign's time
 * rules (from its own report, filled as the reports are read), plus the
 * tolerances of comparing times measured on different clocks.
 */
import type { ChannelLimits, Channel } from './channel-policy.ts'
import type { CaseResult } from './case.ts'
import type { TruthObserver } from './ground-truth.ts'
import { DEFAULT_INTERPRETATIONS, type InterpretationName, type Interpretations } from './interpretations.ts'

export interface CampaignTimeRules {
  ttlSeconds?: number
  /** Virtual epoch ms. */
  cutoffAt?: number
}

export interface OracleContext {
  limits: Record<Channel, ChannelLimits>
  capabilities: readonly string[]
  campaigns: Map<string, CampaignTimeRules>
  /** Whether any dispatcher report listed its deliveries (the delivery → campaign join, the reported codes). */
  reportsListDeliveries: boolean
  /** The run's readings of the law's interpretations (interpretations.ts); absent: the law's defaults. */
  interpretations?: Interpretations
}

/** The reading of one interpretation this run judges by. */
export const readingOf = <K extends InterpretationName>(ctx: OracleContext, name: K): Interpretations[K] => (ctx.interpretations ?? DEFAULT_INTERPRETATIONS)[name]

/** One case (or a family of them, one per channel) watching the fold; `results` once it is done. */
export interface CaseRun extends TruthObserver {
  results(): CaseResult[]
}

export type CaseFactory = (ctx: OracleContext) => CaseRun

/**
 * Slack when comparing instants taken on two clocks (the dispatcher's
 * virtual clock, the simulators' wall times mapped to virtual): startedAt
 * is rounded to the wall ms and the two clocks may sit a few wall ms apart,
 * which a small time scale magnifies. Virtual ms: 20 wall ms, at least 100.
 */
export const instantSlackMs = (scale: number): number => Math.max(100, 20 / scale)

/**
 * Where an abandoned hung exchange must fall around the read timeout T
 * (virtual ms). wire.afterMs is the server's measure: it starts when the
 * server has read the request, later than the client's timer when the
 * machine is loaded (early abandonments of 60 wall ms, and of 116 and 159
 * wall ms in a CI run at 0.1, were the server reading the request late),
 * and the client's timer fires late under load: 10 % of T or 200 wall ms
 * early, as the connect window allows, 20 % or 100 wall ms late. A timeout
 * a fifth short is still caught. At a small time scale the window is wide
 * (at 0.02, 0–15 s for a 10 s timeout): the run is too fast to measure a
 * timeout more finely.
 */
export function timeoutWindow(timeoutMs: number, scale: number): { low: number; high: number } {
  return { low: timeoutMs - Math.max(0.1 * timeoutMs, 200 / scale), high: timeoutMs + Math.max(0.2 * timeoutMs, 100 / scale) }
}

export const SEMANTICS = 'push-semantics.md'
