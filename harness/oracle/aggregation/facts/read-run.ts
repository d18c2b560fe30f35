/**
 * Reads a run directory into campaign facts and the dispatcher's claims:
 * run-result.json (clock segments, ledger path), the ledger (exchanges and
 * device lines), tracking.ndjson (exchange seq → delivery id) and
 * dispatcher-report/<campaign>.json. Problems come back as values.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readLedgerBatches } from '../../../../simulators/ledger/reader.ts'
import type { DispatcherReport } from '../../../run/collect.ts'
import type { DeviceEntry } from '../../../../simulators/ledger/device-entry.ts'
import { exchangeBatchesOf, type Attempt } from '../../ground-truth.ts'
import { attributeConversions, campaignFacts, groupBy, sentAt, type PlannedCampaign } from './build.ts'
import { WireCollector } from './wire-collector.ts'
import type { CampaignWires } from './campaign-wires.ts'
import type { WireSource } from './wire-index.ts'
import type { CampaignClaims, CampaignRecord, Profile, Targeting } from './model.ts'
import type { ClockSegment } from '../../virtual-time.ts'

export type RunRead = { ok: true; campaigns: CampaignRecord[] } | { ok: false; reason: string }

interface ReportCampaign {
  profile?: Profile
  targeting?: Targeting
}

export async function readCampaignRecords(runDir: string, wire?: WireSource): Promise<RunRead> {
  const campaigns: CampaignRecord[] = []
  const read = await visitCampaignRecords(runDir, (record) => campaigns.push(record), wire)
  return read.ok ? { ok: true, campaigns } : read
}

/**
 * Each campaign's record in turn, built from its report and the wire and
 * then let go, so that only one campaign's facts are held (`visit` judges
 * it). `wire`: what the oracle's one ledger pass already gathered
 * (verify.ts); without it the ledger is streamed here, once.
 */
export async function visitCampaignRecords(runDir: string, visit: (record: CampaignRecord) => void, wire?: WireSource): Promise<{ ok: true } | { ok: false; reason: string }> {
  const resultPath = join(runDir, 'run-result.json')
  const reportDir = join(runDir, 'dispatcher-report')
  if (!existsSync(resultPath)) return { ok: false, reason: 'the run directory has no run-result.json' }
  if (!existsSync(reportDir)) return { ok: false, reason: 'the run directory has no dispatcher-report: the dispatcher’s figures were not collected' }
  const result = JSON.parse(readFileSync(resultPath, 'utf8')) as { clock: { segments: ClockSegment[] }; ledger: string }
  if (!result.ledger) return { ok: false, reason: 'the run kept no ledger file' }
  const paths = readdirSync(reportDir).filter((name) => name.endsWith('.json')).sort().map((name) => join(reportDir, name))
  let campaigns: ReportedCampaigns | undefined
  let read: CampaignWires | undefined
  try {
    for (const [reportIndex, path] of paths.entries()) {
      const campaign = campaignOf(JSON.parse(readFileSync(path, 'utf8')) as DispatcherReport)
      if (campaign === undefined) continue
      // Read only once a campaign needs it: a run whose reports list no campaign never opens its ledger.
      if (campaigns === undefined) {
        wire ??= read = await readWire({ ledgerPath: join(runDir, result.ledger), trackingPath: join(runDir, 'tracking.ndjson') }, result.clock.segments, paths)
        campaigns = new ReportedCampaigns(paths, wire, visit)
      }
      campaigns.add(reportIndex, campaign)
    }
  } finally {
    read?.dispose()
  }
  return campaigns === undefined ? { ok: false, reason: NO_CAMPAIGN } : { ok: true }
}

export const NO_CAMPAIGN = 'the dispatcher reported no campaign with its messages and deliveries'

export interface ReportedCampaign {
  plan: PlannedCampaign
  claims: CampaignClaims
}

/** Campaign reports, as they are read, into records for `visit`; `paths` are every report of the run, in order (§7 conversions look across them). */
export class ReportedCampaigns {
  private convertedAt: Map<string, number> | undefined
  constructor(
    private readonly paths: readonly string[],
    private readonly wire: WireSource,
    private readonly visit: (record: CampaignRecord) => void,
  ) {}

  /** The campaign of the report at `reportIndex` in `paths`. */
  add(reportIndex: number, campaign: ReportedCampaign): void {
    this.addRead(reportIndex, () => campaign)
  }

  /** The same, read by `read` (undefined: nothing to judge): the campaign's plan is let go once its facts are built, before they are judged. */
  addRead(reportIndex: number, read: () => ReportedCampaign | undefined): void {
    const record = this.recordOf(reportIndex, read)
    if (record !== undefined) this.visit(record)
  }

  private recordOf(reportIndex: number, read: () => ReportedCampaign | undefined): CampaignRecord | undefined {
    const campaign = read()
    if (campaign === undefined) return undefined
    this.convertedAt ??= attributed(this.paths, this.wire)
    const convertedAt = this.convertedAt
    return { facts: campaignFacts(campaign.plan, this.wire.deliveriesOf(reportIndex), (messageIndex) => convertedAt.get(`${reportIndex} ${messageIndex}`) ?? null), claims: campaign.claims }
  }
}

/** A campaign's plan and claims from its report; undefined for a report without its campaign, messages or deliveries. Only these few fields are kept: a report lists every message and delivery. */
export function campaignOf(report: DispatcherReport): ReportedCampaign | undefined {
  const campaign = report.campaign as ReportCampaign | null
  if (campaign === null || report.deliveries === null || report.messages === null) return undefined
  const plan: PlannedCampaign = {
    campaignId: report.campaignId,
    profile: campaign.profile ?? 'webpush',
    targeting: campaign.targeting ?? 'last-device',
    messages: (report.messages as PlannedCampaign['messages']).map(({ messageId, personId, variantId, control, failure }) => ({ messageId, personId, variantId: variantId ?? null, control: control ?? false, failure: failure ?? null })),
    deliveries: (report.deliveries as PlannedCampaign['deliveries']).map(({ id, messageId, personId, deviceId, channel, state, code }) => ({ id, messageId, personId, deviceId, channel, state, code: code ?? null })),
  }
  const statuses = (report.messages as CampaignClaims['statuses']).map(({ messageId, personId, status }) => ({ messageId, personId, status }))
  return { plan, claims: { campaignId: report.campaignId, statuses, metrics: report.metrics, variants: report.variants, trends: report.trends } }
}

/**
 * §7 attributes a conversion across campaigns, so before any campaign is
 * judged the reports are read once more for the converting persons'
 * messages (only when the devices reported a conversion). Keys: `<report
 * index> <message index>`.
 */
function attributed(paths: readonly string[], wire: WireSource): Map<string, number> {
  if (wire.conversions.length === 0) return new Map()
  const converting = new Set(wire.conversions.map((conversion) => conversion.personId))
  const sent: { key: string; personId: string; sentAt: number | null }[] = []
  for (const [reportIndex, path] of paths.entries()) {
    const plan = campaignOf(JSON.parse(readFileSync(path, 'utf8')) as DispatcherReport)?.plan
    if (plan === undefined) continue
    const wireOf = wire.deliveriesOf(reportIndex)
    const deliveries = groupBy(plan.deliveries, (delivery) => delivery.messageId)
    for (const [messageIndex, message] of plan.messages.entries()) {
      if (!converting.has(message.personId)) continue
      const acceptedAt = (deliveries.get(message.messageId) ?? []).map((planned) => ({ acceptedAt: wireOf(planned.id).acceptedAt }))
      sent.push({ key: `${reportIndex} ${messageIndex}`, personId: message.personId, sentAt: sentAt(acceptedAt) })
    }
  }
  return attributeConversions(sent, wire.conversions)
}

/** The ledger streamed once through a WireCollector (exchanges joined to tracking.ndjson, device lines), each report's deliveries kept. */
async function readWire(paths: { ledgerPath: string; trackingPath: string }, segments: ClockSegment[], reportPaths: readonly string[]): Promise<CampaignWires> {
  // One bucket: this reader is for runs of ordinary size (verify.ts reads a big ledger through the wire fold's partition).
  const collector = new WireCollector()
  try {
    if (!existsSync(paths.trackingPath)) {
      // Without tracking no exchange names its delivery: only the device lines count.
      for await (const batch of readLedgerBatches(paths.ledgerPath)) for (const line of batch) if (line.ok && line.kind === 'device') collector.device(line.entry as DeviceEntry)
    } else {
      for await (const batch of exchangeBatchesOf(paths, segments, () => {}, (entry) => collector.device(entry))) for (const exchange of batch) if (exchange.deliveryId !== null) collector.attempt(exchange as Attempt)
    }
    for (const [reportIndex, path] of reportPaths.entries()) {
      const plan = campaignOf(JSON.parse(readFileSync(path, 'utf8')) as DispatcherReport)?.plan
      if (plan !== undefined) collector.want(reportIndex, plan.deliveries.map((delivery) => delivery.id))
    }
    return collector.finish()
  } catch (error) {
    collector.dispose()
    throw error
  }
}
