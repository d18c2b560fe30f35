/**
 * Hand-built ground truth for the oracle's unit tests: exchanges on a
 * virtual clock at scale 1 (times in virtual ms from 0), answers read
 * through the catalogue as the oracle reads ledger lines.
 */
import { readAnswer } from '../../harness/oracle/answer-reading.ts'
import { channelLimits, channelOf } from '../../harness/oracle/channel-policy.ts'
import type { CaseResult } from '../../harness/oracle/case.ts'
import type { Exchange, ReportBatch } from '../../harness/oracle/ground-truth.ts'
import type { CampaignTimeRules, CaseFactory, OracleContext } from '../../harness/oracle/oracle-context.ts'
import { judgeWire } from '../../harness/oracle/wire-cases.ts'
import type { ProviderName } from '../../simulators/kernel/exchange.ts'

let nextSeq = 1

export interface ExchangeSpec {
  deliveryId?: string | null
  provider?: ProviderName
  flavour?: string | null
  target?: string | null
  start: number
  /** Default 5 ms. */
  duration?: number
  status?: number
  outcome?: string
  decided?: string
  reason?: string | null
  retryAfterS?: number
  afterMs?: number
}

/** An accepted APNs push unless the spec says otherwise. */
export function exchange(spec: ExchangeSpec): Exchange {
  const provider = spec.provider ?? 'apns'
  const flavour = spec.flavour === undefined ? (provider === 'webpush' ? 'chrome' : provider === 'apns' ? 'sandbox' : 'demo') : spec.flavour
  const status = spec.status ?? (provider === 'webpush' ? 201 : 200)
  const outcome = spec.outcome ?? (status === 0 ? 'abandoned' : 'answered')
  const duration = spec.duration ?? 5
  const reason = spec.reason ?? null
  return {
    seq: nextSeq++,
    deliveryId: spec.deliveryId === undefined ? 'd1' : spec.deliveryId,
    provider,
    channel: channelOf(provider, flavour),
    target: spec.target === undefined ? 'token-1' : spec.target,
    wallStart: spec.start,
    start: spec.start,
    end: spec.start + duration,
    scale: 1,
    decided: spec.decided ?? 'respond',
    outcome,
    status,
    afterMs: spec.afterMs ?? duration,
    by: outcome === 'abandoned' ? 'rst-stream' : undefined,
    reason,
    retryAfterMs: spec.retryAfterS === undefined ? undefined : spec.retryAfterS * 1000,
    apnsId: undefined,
    answer: readAnswer({ provider, flavour, outcome, status, reason }),
  }
}

export function context(overrides: Partial<OracleContext> = {}): OracleContext {
  return { limits: channelLimits(undefined), capabilities: ['clock'], campaigns: new Map(), reportsListDeliveries: true, ...overrides }
}

/** Runs one case factory over exchanges (and reports) and returns the case with `id`. */
export async function judge(factory: CaseFactory, id: string, exchanges: Exchange[], options: { reports?: (ReportBatch & { rules?: CampaignTimeRules })[]; ctx?: Partial<OracleContext> } = {}): Promise<CaseResult> {
  const results = await judgeWire(exchanges, options.reports ?? [], context(options.ctx), [factory])
  const found = results.find((result) => result.id === id)
  if (found === undefined) throw new Error(`no case ${id} among ${results.map((result) => result.id).join(', ')}`)
  return found
}
