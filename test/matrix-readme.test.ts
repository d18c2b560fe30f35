/**
 * The README's matrix is the libraries' current behaviour: every library ×
 * behaviour cell is there with a verdict of the matrix's vocabulary and the
 * evidence behind it (ledger seq numbers, what the library returned), the
 * versions are the installed ones, and a fresh run of the whole matrix gives
 * the same verdicts. Regenerate with `npm run -s pushsim -- matrix --readme README.md`.
 * The whole matrix runs here: about 2 minutes on 2 CPUs (issue 13's bound is 4).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LIBRARIES } from '../harness/matrix/adapters/index.ts'
import { VERDICT_MEANINGS } from '../harness/matrix/cell.ts'
import { installedVersion } from '../harness/matrix/library-versions.ts'
import { PROBES } from '../harness/matrix/probes/index.ts'
import { readmeSection } from '../harness/matrix/readme-section.ts'
import { runMatrix } from '../harness/matrix/run-matrix.ts'

const section = readmeSection(readFileSync(new URL('../README.md', import.meta.url), 'utf8')) ?? ''
const lines = section.split('\n')
const header = lines.find((line) => line.startsWith('| library (provider) |')) ?? ''
const columns = header.split('|').slice(2, -1).map((cell) => cell.trim().replace(/`/g, ''))

/** The README's verdicts, `library · probe` → verdict, read from its table. */
function tableVerdicts(): Map<string, string> {
  const verdicts = new Map<string, string>()
  for (const library of LIBRARIES) {
    const row = lines.find((line) => line.startsWith(`| ${library.id} `))
    if (row === undefined) continue
    row.split('|').slice(2, -1).forEach((cell, index) => verdicts.set(`${library.id} · ${columns[index]}`, cell.trim()))
  }
  return verdicts
}

/** The README's one-line evidence per cell, `library · probe` → the line, read from the list under each library's name. */
function evidenceLines(): Map<string, string> {
  const found = new Map<string, string>()
  let library: string | undefined
  for (const line of lines) {
    const name = /^\*\*(.+?)\*\* \S+ \(\w+\)$/.exec(line)?.[1]
    if (name !== undefined) library = name.replace(/\\(.)/g, '$1')
    const item = /^- `([a-z0-9-]+)` \*\*([a-z/]+)\*\*: (.*)$/.exec(line)
    if (item && library) found.set(`${library} · ${item[1]}`, `${item[2]}: ${item[3]}`)
  }
  return found
}

describe("the README's library matrix", () => {
  it('has every library × behaviour cell with a known verdict, the installed versions, and evidence behind every cell', () => {
    expect(columns).toEqual(PROBES.map((probe) => probe.id))
    const verdicts = tableVerdicts()
    const evidence = evidenceLines()
    const problems: string[] = []
    for (const library of LIBRARIES) {
      const row = lines.find((line) => line.startsWith(`| ${library.id} `))
      if (!row?.startsWith(`| ${library.id} ${installedVersion(library.package)} (${library.provider}) |`)) problems.push(`${library.id}: no row for version ${installedVersion(library.package)}`)
      for (const probe of PROBES) {
        const key = `${library.id} · ${probe.id}`
        const verdict = verdicts.get(key)
        if (verdict === undefined || !(verdict in VERDICT_MEANINGS) || verdict === 'error') problems.push(`${key}: verdict ${verdict}`)
        if (verdict === 'n/a') continue
        const line = evidence.get(key)
        // Every judged cell names the ledger exchanges it rests on, or says none reached the provider.
        if (line === undefined || !line.startsWith(`${verdict}: `) || !/seq \d|no request reached the provider/.test(line)) problems.push(`${key}: evidence ${line}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('matches a fresh run of the whole matrix, verdict for verdict', async () => {
    const fresh = await runMatrix()
    expect(fresh.notInstalled).toEqual([])
    const readme = tableVerdicts()
    const differences = fresh.cells.filter((cell) => readme.get(`${cell.library} · ${cell.probe}`) !== cell.verdict).map((cell) => `${cell.library} · ${cell.probe}: README ${readme.get(`${cell.library} · ${cell.probe}`)}, now ${cell.verdict} (${cell.summary})`)
    expect(differences).toEqual([])
  }, 400_000)
})
