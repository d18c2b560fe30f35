/**
 * The campaign-rule cases (issue 11 §1 "campaign rules"; push-semantics
 * §9, §10) over a saved run: the scenario's plan (scenario-plan.ts), the
 * dispatcher's reports and the wire, read into a RulesRun; each case judges
 * one rule. Without the plan every case is skipped with the reason.
 */
import type { CaseResult } from '../case.ts'
import { controlGroupCase } from '../cases/rules/control-group.ts'
import { cutoffCase } from '../cases/rules/cutoff.ts'
import { dndDelayCase, dndDiscardCase } from '../cases/rules/dnd.ts'
import { frequencyCapCase, optOutCase } from '../cases/rules/frequency-cap.ts'
import { localTimeCase } from '../cases/rules/local-time.ts'
import { personalisationCase } from '../cases/rules/personalisation.ts'
import { recurringDayCase } from '../cases/rules/recurring-day.ts'
import { safariDeepLinkCase } from '../cases/rules/safari-deep-link.ts'
import { testSendsCase } from '../cases/rules/test-sends.ts'
import { unsubscribedPersonsCase } from '../cases/rules/unsubscribed-persons.ts'
import { variantSharesCase } from '../cases/rules/variant-shares.ts'
import type { RunData } from '../run-data.ts'
import type { RulesRun } from './model.ts'
import { readRulesRun } from './read-rules-run.ts'
import { readShown } from './read-shown.ts'
import { scenarioPlanOf } from './scenario-plan.ts'

export type RuleCase = (run: RulesRun) => CaseResult

export const RULE_CASES: readonly RuleCase[] = [frequencyCapCase, optOutCase, dndDiscardCase, dndDelayCase, localTimeCase, recurringDayCase, cutoffCase, controlGroupCase, variantSharesCase, personalisationCase, safariDeepLinkCase, testSendsCase, unsubscribedPersonsCase]

export function judgeRules(run: RulesRun, cases: readonly RuleCase[] = RULE_CASES): CaseResult[] {
  return cases.map((judge) => judge(run))
}

export async function ruleCases(data: RunData): Promise<CaseResult[]> {
  const plan = await scenarioPlanOf(data.result)
  const empty: RulesRun = { campaigns: [], person: () => undefined, slackMs: 0 }
  if (!plan.ok) return judgeRules(empty).map((result) => ({ ...result, verdict: 'skipped', reason: plan.reason }))
  const run = await readRulesRun(data, plan.plan)
  await readShown(data.ledgerPath, run)
  return judgeRules(run)
}
