/**
 * The whole matrix: every selected library against every selected probe,
 * each cell isolated (its own simulators and library process), a few cells
 * at a time, in a stable order whatever finished first.
 */
import { performance } from 'node:perf_hooks'
import { LIBRARIES, type LibraryEntry } from './adapters/index.ts'
import { VERDICT_MEANINGS, type CellVerdict, type MatrixCell } from './cell.ts'
import { installedVersion } from './library-versions.ts'
import type { Provider } from './library-adapter.ts'
import type { Probe } from './probe.ts'
import { PROBES } from './probes/index.ts'
import { runCell } from './run-cell.ts'

export interface MatrixLibrary {
  id: string
  package: string
  version: string
  provider: Provider
}

export interface MatrixResult {
  libraries: MatrixLibrary[]
  probes: { id: string; question: string }[]
  /** Row by row, in column order. */
  cells: MatrixCell[]
  verdicts: Readonly<Record<CellVerdict, string>>
  /** Selected libraries whose package is not installed: left out, named. */
  notInstalled: string[]
  node: string
  durationMs: number
}

export interface MatrixOptions {
  libraries?: readonly LibraryEntry[]
  probes?: readonly Probe[]
  /** Cells run at once (each is two processes' worth of work: the simulators here, the library in its child). */
  concurrency?: number
  onCell?: (cell: MatrixCell) => void
}

export async function runMatrix(options: MatrixOptions = {}): Promise<MatrixResult> {
  const started = performance.now()
  const selected = options.libraries ?? LIBRARIES
  const probes = options.probes ?? PROBES
  const installed = selected.flatMap((library) => {
    const version = installedVersion(library.package)
    return version === undefined ? [] : [{ library, version }]
  })
  const jobs = installed.flatMap(({ library }) => probes.map((probe) => ({ library, probe })))
  const cells: MatrixCell[] = new Array(jobs.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++
      const { library, probe } = jobs[index]!
      cells[index] = await runCell(library, probe)
      options.onCell?.(cells[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker))
  return {
    libraries: installed.map(({ library, version }) => ({ id: library.id, package: library.package, version, provider: library.provider })),
    probes: probes.map((probe) => ({ id: probe.id, question: probe.question })),
    cells,
    verdicts: VERDICT_MEANINGS,
    notInstalled: selected.filter((library) => !installed.some((entry) => entry.library === library)).map((library) => library.package),
    node: process.version,
    durationMs: Math.round(performance.now() - started),
  }
}
