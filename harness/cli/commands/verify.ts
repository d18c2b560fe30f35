import type { Argv } from 'yargs'
import type { CaseResult } from '../../oracle/case.ts'
import { verifyRun } from '../../oracle/verify.ts'
import { CliFailure, ExitCode, usageError } from '../exit-codes.ts'
import type { CliIo } from '../io.ts'

const MARK: Readonly<Record<CaseResult['verdict'], string>> = { pass: '✓', fail: '✗', skipped: '–' }

/**
 * `pushsim verify <run-dir>`: recomputes the oracle's verdicts offline from
 * a saved run (its ledger, tracking file and the dispatcher's reports).
 * Exit 0 when no case failed, 8 when one did, 2 for a missing or invalid
 * run directory.
 */
export function verifyCommand(io: CliIo) {
  return {
    command: 'verify <run-dir>',
    describe: 'Check a saved run against push-semantics.md, offline, from its ledger',
    builder: (yargs: Argv) =>
      yargs
        .positional('run-dir', { type: 'string', demandOption: true, describe: 'the run directory (run-result.json, ledger, tracking.ndjson)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the cases as JSON' })
        .option('only', { type: 'string', describe: 'only cases whose id contains this, or matches it with * wildcards (retry.*)' })
        .example('$0 verify runs/quickstart-2026-12-03T10-00-00-000Z', 'every case of a saved run again, offline')
        .example("$0 verify runs/quickstart-2026-12-03T10-00-00-000Z --only 'retry.*'", 'only the retry cases'),
    handler: async (argv: { runDir: string; json: boolean; only?: string }) => {
      const verified = await verifyRun(argv.runDir)
      if (!verified.ok) throw usageError(`Failed to verify ${argv.runDir}: ${verified.error}`, 'Pass the directory `pushsim run` wrote (its --out).')
      const cases = argv.only === undefined ? verified.value : verified.value.filter(matcher(argv.only))
      if (argv.only !== undefined && cases.length === 0) throw usageError(`No case id matches --only ${argv.only}`)
      io.out(argv.json ? JSON.stringify(cases, null, 2) + '\n' : render(cases))
      const failed = cases.filter((result) => result.verdict === 'fail').length
      if (failed > 0) throw new CliFailure(ExitCode.CONFORMANCE_FAILED, `${failed} case${failed === 1 ? '' : 's'} failed`)
    },
  }
}

function matcher(pattern: string): (result: CaseResult) => boolean {
  if (!pattern.includes('*')) return (result) => result.id.includes(pattern)
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  return (result) => regex.test(result.id)
}

export function render(cases: readonly CaseResult[]): string {
  const width = Math.max(0, ...cases.map((result) => result.id.length))
  const lines: string[] = []
  for (const result of cases) {
    lines.push(`${MARK[result.verdict]}  ${result.id.padEnd(width)}  ${result.title} (checked ${result.checked})`)
    if (result.verdict === 'skipped') lines.push(`     skipped: ${result.reason}`)
    if (result.verdict !== 'fail') continue
    lines.push(`     ${result.violations} of ${result.checked} broke it (${result.source.document} ${result.source.section})`)
    for (const evidence of result.evidence) {
      const who = [evidence.deliveryId && `delivery ${evidence.deliveryId}`, evidence.personId && `person ${evidence.personId}`, evidence.seq && `seq ${evidence.seq.join(', ')}`].filter(Boolean).join(', ')
      lines.push(`     - ${evidence.note}${who ? ` [${who}]` : ''}`)
      if (evidence.expected !== undefined || evidence.actual !== undefined) lines.push(`       expected ${JSON.stringify(evidence.expected)}, got ${JSON.stringify(evidence.actual)}`)
    }
  }
  const count = (verdict: CaseResult['verdict']) => cases.filter((result) => result.verdict === verdict).length
  lines.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped (${cases.length} case${cases.length === 1 ? '' : 's'})`)
  return lines.join('\n') + '\n'
}
