import { fail, ok, simError, type Result } from '../../simulators/kernel/errors.ts'
import { README_BEGIN, README_END, renderReadmeSection } from './render-markdown.ts'
import type { MatrixResult } from './run-matrix.ts'

/** The document with its generated matrix section (from README_BEGIN to README_END) replaced by this result's. */
export function replaceReadmeSection(document: string, result: MatrixResult): Result<string> {
  const begin = document.indexOf(README_BEGIN)
  const end = document.indexOf(README_END)
  if (begin < 0 || end < begin) return fail(simError('NOT_FOUND', 'Failed to find the generated matrix section', `Add the two marker lines where it goes: ${README_BEGIN} and ${README_END}`))
  return ok(document.slice(0, begin) + renderReadmeSection(result) + document.slice(end + README_END.length))
}

/** The generated section of a document, for checking it against a fresh run. */
export function readmeSection(document: string): string | undefined {
  const begin = document.indexOf(README_BEGIN)
  const end = document.indexOf(README_END)
  return begin < 0 || end < begin ? undefined : document.slice(begin, end + README_END.length)
}
