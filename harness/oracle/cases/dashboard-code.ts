/**
 * classification.dashboard-code (§3, §4): the code the dispatcher reports
 * for each final delivery is the catalogue's dashboard code for the last
 * provider answer (none for an accepted one); codes are compared as the
 * catalogue names them (an alias such as DeviceTokenInactiveForTopic is
 * its dashboard code). A last attempt that got no answer (a timeout, a
 * reset) means its channel's code for that (no-answer-code.ts); deliveries
 * whose last answer the catalogue cannot place are left out.
 */
import { dashboardName } from '../answer-reading.ts'
import { CaseBuilder } from '../case.ts'
import { SEMANTICS, type CaseFactory } from '../oracle-context.ts'

const FINAL = new Set(['accepted', 'bounced', 'failed'])

export const dashboardCodeCase: CaseFactory = (ctx) => {
  const builder = new CaseBuilder('classification.dashboard-code', 'each final delivery reports the dashboard code of its last provider answer', { document: SEMANTICS, section: '§3, §4' })
  return {
    delivery(summary) {
      const report = summary.report
      if (report === undefined || report.state === undefined || !FINAL.has(report.state)) return
      const { answer } = summary.last
      if (answer.kind === 'unknown' || (answer.kind === 'no-answer' && answer.dashboard === null)) return
      const expected = answer.kind === 'accepted' ? null : answer.dashboard
      const reported = report.code === null || report.code === undefined ? null : dashboardName(report.code)
      builder.check(
        reported === expected
          ? undefined
          : { deliveryId: summary.deliveryId, personId: report.personId, campaignId: report.campaignId, seq: [summary.lastSeq], expected, actual: report.code ?? null, note: `reported ${report.code ?? 'no code'} (${report.state}) where the last answer (${answer.kind === 'error' ? answer.entry : answer.kind === 'no-answer' ? 'none: a timeout or reset' : 'accepted'}) means ${expected ?? 'no code'}` },
      )
    },
    results: () => [builder.result(ctx.reportsListDeliveries ? undefined : 'the dispatcher’s report lists no deliveries: no reported codes to compare')],
  }
}
