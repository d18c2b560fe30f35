/**
 * Reads a run directory into campaign facts and the dispatcher's claims:
 * run-result.json (clock segments, ledger path), the ledger (exchanges and
 * device lines), tracking.ndjson (exchange seq → delivery id) and
 * dispatcher-report/<campaign>.json. Problems come back as values.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readLedger } from '../../../../simulators/ledger/reader.ts'
import type { DispatcherReport } from '../../../run/collect.ts'
import { buildFacts, type PlannedCampaign, type ReportFact, type WireAttempt } from './build.ts'
import type { CampaignClaims, CampaignRecord, Profile, Targeting } from './model.ts'
import { virtualTime, type ClockSegment } from '../../virtual-time.ts'

export type RunRead = { ok: true; campaigns: CampaignRecord[] } | { ok: false; reason: string }

interface ReportCampaign {
  profile?: Profile
  targeting?: Targeting
}

export async function readCampaignRecords(runDir: string): Promise<RunRead> {
  const resultPath = join(runDir, 'run-result.json')
  const reportDir = join(runDir, 'dispatcher-report')
  if (!existsSync(resultPath)) return { ok: false, reason: 'the run directory has no run-result.json' }
  if (!existsSync(reportDir)) return { ok: false, reason: 'the run directory has no dispatcher-report: the dispatcher’s figures were not collected' }
  const result = JSON.parse(readFileSync(resultPath, 'utf8')) as { clock: { segments: ClockSegment[] }; ledger: string }
  if (!result.ledger) return { ok: false, reason: 'the run kept no ledger file' }
  const reports = readdirSync(reportDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(reportDir, name), 'utf8')) as DispatcherReport)
  const plans: PlannedCampaign[] = []
  const claims: CampaignClaims[] = []
  for (const report of reports) {
    const campaign = report.campaign as ReportCampaign | null
    if (campaign === null || report.deliveries === null || report.messages === null) continue
    plans.push({
      campaignId: report.campaignId,
      profile: campaign.profile ?? 'webpush',
      targeting: campaign.targeting ?? 'last-device',
      messages: (report.messages as PlannedCampaign['messages']).map(({ messageId, personId, variantId, control, failure }) => ({ messageId, personId, variantId: variantId ?? null, control: control ?? false, failure: failure ?? null })),
      deliveries: (report.deliveries as PlannedCampaign['deliveries']).map(({ id, messageId, personId, deviceId, channel, state, code }) => ({ id, messageId, personId, deviceId, channel, state, code: code ?? null })),
    })
    claims.push({ campaignId: report.campaignId, statuses: report.messages as CampaignClaims['statuses'], metrics: report.metrics, variants: report.variants, trends: report.trends })
  }
  if (plans.length === 0) return { ok: false, reason: 'the dispatcher reported no campaign with its messages and deliveries' }
  const { attempts, deviceReports } = await readWire(join(runDir, result.ledger), join(runDir, 'tracking.ndjson'), result.clock.segments)
  const facts = buildFacts(plans, attempts, deviceReports)
  return { ok: true, campaigns: facts.map((campaignFacts, index) => ({ facts: campaignFacts, claims: claims[index]! })) }
}

async function readWire(ledgerPath: string, trackingPath: string, segments: ClockSegment[]): Promise<{ attempts: WireAttempt[]; deviceReports: ReportFact[] }> {
  const toVirtual = virtualTime(segments).at
  const deliveryOf = new Map<number, string>()
  if (existsSync(trackingPath)) {
    for (const line of readFileSync(trackingPath, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const { seq, deliveryId } = JSON.parse(line) as { seq: number; deliveryId: string | null }
      if (deliveryId !== null) deliveryOf.set(seq, deliveryId)
    }
  }
  const attempts: WireAttempt[] = []
  const reportLines: { exchange: number; deliveryId: string | null; personId: string; report: ReportFact['report']; status: number | null; virtualAt: string }[] = []
  // The time a device claims for its event is when it fell due (its decision's `due`), not when the post got through.
  const due = new Map<string, string>()
  for await (const line of readLedger(ledgerPath)) {
    if (!line.ok) continue
    if (line.kind === 'exchange') {
      const entry = line.entry as { seq: number; provider: string; flavour: string | null; reason: string | null; startedAt: string; durationMs: number; wire: { outcome: string; status: number } }
      const deliveryId = deliveryOf.get(entry.seq)
      if (deliveryId === undefined) continue
      const endVirtualMs = toVirtual(Date.parse(entry.startedAt) + entry.durationMs)
      attempts.push({ seq: entry.seq, deliveryId, provider: entry.provider, flavour: entry.flavour, outcome: entry.wire.outcome, status: entry.wire.status, reason: entry.reason, endVirtualMs })
    } else if (line.kind === 'device') {
      const entry = line.entry as { event: string; exchange: number; deliveryId: string | null; personId: string; report?: ReportFact['report']; status?: number | null; virtualAt: string; due?: Record<string, string> }
      if (entry.event === 'decision') for (const [report, at] of Object.entries(entry.due ?? {})) due.set(`${entry.exchange} ${report}`, at)
      else if (entry.event === 'report' && entry.report !== undefined) reportLines.push({ exchange: entry.exchange, deliveryId: entry.deliveryId, personId: entry.personId, report: entry.report, status: entry.status ?? null, virtualAt: entry.virtualAt })
    }
  }
  const deviceReports = reportLines.map(({ exchange, deliveryId, personId, report, status, virtualAt }): ReportFact => ({ deliveryId, personId, report, status, atMs: Date.parse(due.get(`${exchange} ${report}`) ?? virtualAt) }))
  return { attempts, deviceReports }
}
