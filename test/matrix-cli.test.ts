/**
 * `pushsim matrix` writes matrix.md, matrix.html (self-contained, escaped)
 * and matrix.json, rewrites only the generated section of a README, and
 * refuses names it does not know.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { renderMatrixHtml } from '../harness/matrix/render-html.ts'
import { README_BEGIN, README_END, renderMatrixMarkdown } from '../harness/matrix/render-markdown.ts'
import { VERDICT_MEANINGS } from '../harness/matrix/cell.ts'
import type { MatrixResult } from '../harness/matrix/run-matrix.ts'
import { installedVersion } from '../harness/matrix/library-versions.ts'
import { runCli } from './support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'pushsim-matrix-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('pushsim matrix', () => {
  it('writes the table, the page and the JSON for the selected cells, and the README section between its markers only', async () => {
    const readme = join(dir, 'README.md')
    writeFileSync(readme, `# Title\n\nbefore\n\n${README_BEGIN}\nold table\n${README_END}\n\nafter\n`)
    const out = join(dir, 'out')

    const run = await runCli(['matrix', '--only', 'web-push', '--only', 'error-detail', '--out', out, '--readme', readme])

    expect(run.code, run.err).toBe(0)
    expect(run.out).toMatch(/^1 cells in [\d.]+ s: 1 pass\n/)
    const version = installedVersion('web-push')!
    const markdown = readFileSync(join(out, 'matrix.md'), 'utf8')
    expect(markdown).toContain(`| web-push ${version} (webpush) | pass |`)
    // The evidence names the ledger seq and quotes what the library returned (autopush's JSON body, escaped for Markdown).
    expect(markdown).toMatch(/- `error-detail` \*\*pass\*\*: gets status 410, reason "\{"code":410,"errno":106/)
    expect(markdown).toMatch(/ledger seq \d+: seq \d+: respond 410/)
    const html = readFileSync(join(out, 'matrix.html'), 'utf8')
    expect(html).not.toMatch(/<script|https?:\/\/(?!autopush)/)
    expect(html).toContain('&quot;errno&quot;:106')
    const json = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as MatrixResult
    expect(json.libraries).toEqual([{ id: 'web-push', package: 'web-push', version, provider: 'webpush' }])
    const rewritten = readFileSync(readme, 'utf8')
    expect(rewritten.startsWith('# Title\n\nbefore\n\n' + README_BEGIN)).toBe(true)
    expect(rewritten.endsWith(`${README_END}\n\nafter\n`)).toBe(true)
    expect(rewritten).not.toContain('old table')
    expect(rewritten).toContain(`| web-push ${version} (webpush) | pass |`)
  }, 60_000)

  it('refuses a name that is neither a library nor a behaviour, naming both lists', async () => {
    const run = await runCli(['matrix', '--only', 'apns3', '--out', join(dir, 'none')])
    expect(run.code).toBe(2)
    expect(run.err).toContain('--only apns3: no such library or behaviour.')
    expect(run.err).toContain('Behaviours: dead-token, error-detail')
  })

  it('refuses a README without the markers, before running anything', async () => {
    const readme = join(dir, 'plain.md')
    writeFileSync(readme, '# nothing generated here\n')
    const run = await runCli(['matrix', '--only', 'web-push', '--only', 'stream-limit', '--out', join(dir, 'plain'), '--readme', readme])
    expect(run.code).toBe(2)
    expect(run.err).toContain('Failed to find the generated matrix section')
    expect(readFileSync(readme, 'utf8')).toBe('# nothing generated here\n')
  })
})

describe('the matrix pages', () => {
  const hostile: MatrixResult = {
    libraries: [{ id: 'evil <lib>', package: 'evil', version: '1.0.0', provider: 'apns' }],
    probes: [{ id: 'dead-token', question: 'a <b>question</b> | with a pipe' }],
    cells: [{ library: 'evil <lib>', probe: 'dead-token', verdict: 'fail', summary: '<script>alert(1)</script> | `x`', evidence: [{ seq: [3], note: '<img src=x onerror=alert(1)>' }] }],
    verdicts: VERDICT_MEANINGS,
    notInstalled: [],
    node: 'v24.0.0',
    durationMs: 1,
  }

  it('escape what a library or the ledger said, in HTML and in Markdown', () => {
    const html = renderMatrixHtml(hostile)
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    const markdown = renderMatrixMarkdown(hostile)
    expect(markdown).toContain('| evil \\<lib\\> 1.0.0 (apns) | fail |')
    expect(markdown).toContain('\\<script\\>alert(1)\\</script\\> \\| \\`x\\`')
  })
})
