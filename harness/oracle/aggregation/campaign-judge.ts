/**
 * Cases judged campaign by campaign: each campaign's facts are checked as
 * they are built and then let go, so the oracle holds one campaign at a
 * time; the verdicts come when every campaign has been seen.
 */
import type { CaseResult } from '../case.ts'
import type { CampaignRecord } from './facts/model.ts'

export interface CampaignJudge {
  add(record: CampaignRecord): void
  results(): CaseResult[]
}
