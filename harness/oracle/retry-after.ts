/**
 * Retry-After as the oracle reads it (RFC 9110 §10.2.3): delay-seconds, or
 * an HTTP-date measured from the answer's own Date header. The simulators
 * announce it in virtual seconds (docs/ledger.md), so the result is virtual ms.
 */
export function readRetryAfterMs(headers: Readonly<Record<string, string>>): number | undefined {
  let value: string | undefined
  let date: string | undefined
  for (const key in headers) {
    const name = key.toLowerCase()
    if (name === 'retry-after') value = headers[key]!.trim()
    else if (name === 'date') date = headers[key]
  }
  if (value === undefined || value === '') return undefined
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const at = Date.parse(value)
  const served = date === undefined ? Number.NaN : Date.parse(date)
  // A date without the answer's Date cannot be placed on the run clock: left out rather than guessed.
  if (Number.isNaN(at) || Number.isNaN(served)) return undefined
  return Math.max(0, at - served)
}
