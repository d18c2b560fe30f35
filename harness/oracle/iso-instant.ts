/**
 * Date.parse for the ledger's instants, which toISOString wrote
 * (`2026-12-03T12:00:00.123Z`): the epoch of each second is parsed once
 * and cached, the milliseconds added (millions of lines share a few
 * thousand seconds). Any other form goes to Date.parse; the result is the same.
 */
const DOT = 0x2e
const Z = 0x5a
const ZERO = 0x30
const SECONDS_CACHED = 100_000

const secondStarts = new Map<string, number>()

export function instantMs(text: string): number {
  if (text.length !== 24 || text.charCodeAt(19) !== DOT || text.charCodeAt(23) !== Z) return Date.parse(text)
  const ms = digit(text, 20) * 100 + digit(text, 21) * 10 + digit(text, 22)
  if (!(ms >= 0)) return Date.parse(text)
  const second = text.slice(0, 19)
  let start = secondStarts.get(second)
  if (start === undefined) {
    start = Date.parse(`${second}.000Z`)
    if (secondStarts.size >= SECONDS_CACHED) secondStarts.clear()
    secondStarts.set(second, start)
  }
  return start + ms
}

/** The digit at `index`, or NaN. */
function digit(text: string, index: number): number {
  const value = text.charCodeAt(index) - ZERO
  return value >= 0 && value <= 9 ? value : Number.NaN
}
