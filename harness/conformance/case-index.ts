/**
 * Every case the oracle has registered, with its title, source section,
 * rule set and strictness, without running anything: the oracle judged
 * over an empty run directory answers every case (skipped, with nothing to
 * judge), so a case added to the oracle's registry shows up here by itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CaseResult } from '../oracle/case.ts'
import { ruleSetOf } from '../oracle/rule-sets.ts'
import { verifyRun } from '../oracle/verify.ts'

export interface KnownCase {
  id: string
  title: string
  source: CaseResult['source']
  ruleSet: string | null
  strict: boolean
}

export async function knownCases(): Promise<KnownCase[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pushsim-case-index-'))
  try {
    const empty = { version: 1, scenario: { name: 'case-index', source: join(dir, 'none'), hash: '', seed: '' }, clock: { segments: [] }, dispatcher: null, ledger: 'ledger.ndjson' }
    writeFileSync(join(dir, 'run-result.json'), JSON.stringify(empty))
    writeFileSync(join(dir, 'ledger.ndjson'), '')
    writeFileSync(join(dir, 'tracking.ndjson'), '')
    const judged = await verifyRun(dir)
    if (!judged.ok) throw new Error(`the oracle could not judge an empty run: ${judged.error}`)
    return judged.value.map((result) => ({ id: result.id, title: result.title, source: result.source, ruleSet: ruleSetOf(result.id) ?? null, strict: result.strict === true }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
