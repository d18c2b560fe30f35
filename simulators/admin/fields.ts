import { simError, type Result } from '../kernel/errors.ts'

/**
 * Reading admin request bodies: every problem reported at once, with the
 * field it concerns. The reader remembers which fields a route read, so
 * `done()` also names every field the route did not read (`keys.extra:
 * unknown field`), and a field sent at the wrong level gets the path where it
 * belongs (`privateKey: unknown field (did you mean keys.privateKey?)`).
 * Routes only read; none has to list what it refuses.
 */
export class FieldReader {
  readonly problems: string[]
  /** False when the object this reader stands for was absent: its fields are then not required. */
  readonly present: boolean
  private readonly record: Record<string, unknown>
  private readonly path: string
  private readonly read = new Set<string>()
  private readonly children: FieldReader[] = []

  constructor(body: unknown, path = '', problems: string[] = [], present = true) {
    this.problems = problems
    this.path = path
    this.present = present
    if (isRecord(body)) this.record = body
    else {
      this.record = {}
      if (present) this.problems.push(`${path || 'body'}: expected a JSON object`)
    }
  }

  string(name: string): string | undefined
  string(name: string, required: true): string
  string(name: string, required = false): string | undefined {
    const value = this.take(name)
    if (value === undefined || value === null) {
      if (required && this.present) this.problems.push(`${this.at(name)}: required`)
      return undefined
    }
    if (typeof value !== 'string') {
      this.problems.push(`${this.at(name)}: expected a string`)
      return undefined
    }
    return value
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name)
    if (value === undefined) return undefined
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${this.at(name)}: expected one of ${allowed.join(', ')}, got '${preview(value)}'`)
      return undefined
    }
    return value as T
  }

  number(name: string): number | undefined {
    const value = this.take(name)
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problems.push(`${this.at(name)}: expected a number`)
      return undefined
    }
    return value
  }

  boolean(name: string): boolean | undefined {
    const value = this.take(name)
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'boolean') {
      this.problems.push(`${this.at(name)}: expected a boolean`)
      return undefined
    }
    return value
  }

  strings(name: string): string[] | undefined {
    const value = this.take(name)
    if (value === undefined || value === null) return undefined
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      this.problems.push(`${this.at(name)}: expected an array of strings`)
      return undefined
    }
    return value as string[]
  }

  /** A field of any JSON type, for a route that checks it itself (an instant as ISO text or epoch ms); undefined when absent or null. */
  any(name: string): unknown {
    const value = this.take(name)
    return value === null ? undefined : value
  }

  /**
   * A nested object, read with its own reader. Always returns one (check
   * `present`), so its fields are known even when the object is absent.
   */
  object(name: string): FieldReader {
    const value = this.take(name)
    const absent = value === undefined || value === null
    if (!absent && !isRecord(value)) this.problems.push(`${this.at(name)}: expected an object`)
    const child = new FieldReader(absent ? {} : value, this.at(name), this.problems, !absent && isRecord(value))
    this.children.push(child)
    return child
  }

  /** Adds a problem about a field of this reader (`keys.auth: …`). */
  problem(name: string, message: string): void {
    this.problems.push(`${this.at(name)}: ${message}`)
  }

  /** Every problem so far, then every field nobody read. Idempotent. */
  allProblems(): string[] {
    const known = new Map<string, string[]>()
    this.collectKnown(known)
    return [...this.problems, ...this.unknown(known)]
  }

  /** The read values, or one INVALID_ARGUMENT error naming every problem. */
  done<T>(value: T): Result<T> {
    const problems = this.allProblems()
    if (problems.length === 0) return { ok: true, value }
    return { ok: false, error: simError('INVALID_ARGUMENT', `Failed to read the request: ${problems.join('; ')}.`) }
  }

  private take(name: string): unknown {
    this.read.add(name)
    return Object.hasOwn(this.record, name) ? this.record[name] : undefined
  }

  private at(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`
  }

  private collectKnown(known: Map<string, string[]>): void {
    for (const name of this.read) known.set(name, [...(known.get(name) ?? []), this.at(name)])
    for (const child of this.children) child.collectKnown(known)
  }

  private unknown(known: Map<string, string[]>): string[] {
    const problems: string[] = []
    for (const name of Object.keys(this.record)) {
      if (this.read.has(name)) continue
      const elsewhere = known.get(name)
      problems.push(`${this.at(name)}: unknown field${elsewhere ? ` (did you mean ${elsewhere.join(' or ')}?)` : ''}`)
    }
    for (const child of this.children) problems.push(...child.unknown(known))
    return problems
  }
}

/** Drops undefined fields, so optional inputs stay absent under exactOptionalPropertyTypes-style checks. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A value quoted in an error, cut short: a secret sent in the wrong field is not echoed whole. */
function preview(value: string): string {
  return value.length <= 32 ? value : `${value.slice(0, 16)}…`
}
