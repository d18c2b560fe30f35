import { simError, type Result } from '../kernel/errors.ts'

/** Reading admin request bodies: every problem reported at once, with the field it concerns. */
export class FieldReader {
  readonly problems: string[] = []
  private readonly record: Record<string, unknown>

  constructor(body: unknown) {
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) this.record = body as Record<string, unknown>
    else {
      this.record = {}
      this.problems.push('body: expected a JSON object')
    }
  }

  string(name: string): string | undefined
  string(name: string, required: true): string
  string(name: string, required = false): string | undefined {
    const value = this.record[name]
    if (value === undefined || value === null) {
      if (required) this.problems.push(`${name}: required`)
      return undefined
    }
    if (typeof value !== 'string') {
      this.problems.push(`${name}: expected a string`)
      return undefined
    }
    return value
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name)
    if (value === undefined) return undefined
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name}: expected one of ${allowed.join(', ')}, got '${value}'`)
      return undefined
    }
    return value as T
  }

  number(name: string): number | undefined {
    const value = this.record[name]
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problems.push(`${name}: expected a number`)
      return undefined
    }
    return value
  }

  strings(name: string): string[] | undefined {
    const value = this.record[name]
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.problems.push(`${name}: expected an array of strings`)
      return undefined
    }
    return value as string[]
  }

  /** The read values, or one INVALID_ARGUMENT error naming every problem. */
  done<T>(value: T): Result<T> {
    if (this.problems.length === 0) return { ok: true, value }
    return { ok: false, error: simError('INVALID_ARGUMENT', `Failed to read the request: ${this.problems.join('; ')}.`) }
  }
}

/** Drops undefined fields, so optional inputs stay absent under exactOptionalPropertyTypes-style checks. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}
