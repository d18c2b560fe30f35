/**
 * The matrix's verdicts are the libraries' real behaviour: each library runs
 * unmodified in its own process under pushsim exec, against fresh simulators
 * with one fault, and is judged from the ledger. A real FAIL (@parse/node-apn
 * loses the second of two notifications sent at once on a new APNs
 * connection), a real PASS (apns2 sends both), an n/a, and a planted adapter
 * that retries a 410, which must fail: the matrix is shown able to fail.
 */
import { describe, expect, it } from 'vitest'
import { LIBRARIES, type LibraryEntry } from '../harness/matrix/adapters/index.ts'
import type { MatrixCell } from '../harness/matrix/cell.ts'
import { PROBES } from '../harness/matrix/probes/index.ts'
import { runMatrix } from '../harness/matrix/run-matrix.ts'

const library = (id: string): LibraryEntry => LIBRARIES.find((entry) => entry.id === id)!
const probe = (id: string) => PROBES.find((entry) => entry.id === id)!

async function cell(entry: LibraryEntry, probeId: string): Promise<MatrixCell> {
  const result = await runMatrix({ libraries: [entry], probes: [probe(probeId)], concurrency: 1 })
  expect(result.cells).toHaveLength(1)
  return result.cells[0]!
}

describe('pushsim matrix on real libraries', () => {
  it('@parse/node-apn fails stream-limit: the notification APNs refused (REFUSED_STREAM) is not sent again', async () => {
    const found = await cell(library('@parse/node-apn'), 'stream-limit')
    expect(found.verdict, found.summary).toBe('fail')
    expect(found.summary).toMatch(/REFUSED_STREAM/)
    // The ledger holds the refused stream and the one delivered, by seq; the library's own words are quoted.
    expect(found.evidence[0]!.seq).toHaveLength(2)
    expect(found.evidence[0]!.note).toMatch(/wire refused/)
    expect(found.evidence[0]!.note).toMatch(/respond 200, wire answered/)
    expect(found.evidence.slice(1).map((item) => item.actual)).toContainEqual(expect.objectContaining({ ok: false, error: expect.stringContaining('REFUSED_STREAM') }))
  }, 60_000)

  it('apns2 passes stream-limit: both notifications are delivered', async () => {
    const found = await cell(library('apns2'), 'stream-limit')
    expect(found.verdict, found.summary).toBe('pass')
    expect(found.evidence[0]!.note).toBe(`seq ${found.evidence[0]!.seq![0]}: respond 200, wire answered; seq ${found.evidence[0]!.seq![1]}: respond 200, wire answered`)
  }, 60_000)

  it('a behaviour the provider does not have is n/a, without running anything', async () => {
    const found = await cell(library('web-push'), 'stream-limit')
    expect(found).toMatchObject({ verdict: 'n/a', evidence: [] })
  })

  it('a planted adapter that retries a 410 gets fail on dead-token, from the ledger', async () => {
    const planted: LibraryEntry = { id: 'planted: retries a 410', package: 'web-push', provider: 'webpush', module: new URL('./fixtures/matrix/retries-dead-tokens.ts', import.meta.url) }
    const found = await cell(planted, 'dead-token')
    expect(found.verdict, found.summary).toBe('fail')
    expect(found.summary).toMatch(/^retried a dead token: 3 attempts/)
    expect(found.evidence[0]!.seq).toHaveLength(3)
    expect(found.evidence[0]!.note.match(/respond 410/g)).toHaveLength(3)
  }, 60_000)

  it('the real web-push passes the same probe: one attempt, and the application sees the 410', async () => {
    const found = await cell(library('web-push'), 'dead-token')
    expect(found.verdict, found.summary).toBe('pass')
    expect(found.evidence[0]!.seq).toHaveLength(1)
    expect(found.evidence[1]!.actual).toMatchObject({ ok: false, status: 410 })
  }, 60_000)
})
