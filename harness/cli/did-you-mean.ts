import { nearest } from '../../scenarios/decode/read.ts'

/**
 * ` (did you mean serve?)`: the known word nearest a typo, or '' when none is
 * near enough. The one did-you-mean of the CLI, on the scenario reader's
 * distance (so a scenario file and the command line suggest alike).
 */
export function didYouMean(word: string, known: readonly string[], show: (word: string) => string = (w) => w): string {
  const near = nearest(word, known)
  return near === undefined ? '' : ` (did you mean ${show(near)}?)`
}
