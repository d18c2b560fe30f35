import { usageError } from './exit-codes.ts'

export interface NumberRule {
  integer?: boolean
  min?: number
  max?: number
  /** Strictly above this. */
  above?: number
}

/**
 * A yargs `coerce` for a numeric flag declared as a string: yargs' own
 * `number` type turns `abc` into NaN, which then travels to the admin API
 * and comes back as a rejection (exit 4) saying "got NaN". This reads the
 * text itself and fails as a usage error (exit 2) quoting what was typed.
 */
export function numberOption(flag: string, rule: NumberRule = {}): (raw: unknown) => number | undefined {
  const wanted = [rule.integer ? 'an integer' : 'a number', rule.min !== undefined ? `≥ ${rule.min}` : '', rule.above !== undefined ? `> ${rule.above}` : '', rule.max !== undefined ? `≤ ${rule.max}` : ''].filter(Boolean).join(' ')
  return (raw) => {
    if (raw === undefined) return undefined
    const text = String(Array.isArray(raw) ? raw[raw.length - 1] : raw).trim()
    const value = Number(text)
    const ok =
      text !== '' &&
      Number.isFinite(value) &&
      (!rule.integer || Number.isInteger(value)) &&
      (rule.min === undefined || value >= rule.min) &&
      (rule.max === undefined || value <= rule.max) &&
      (rule.above === undefined || value > rule.above)
    if (!ok) throw usageError(`--${flag} must be ${wanted}, got ${JSON.stringify(text)}`)
    return value
  }
}
