/**
 * Compiles a fault's `match` into one predicate over an exchange. Regular
 * expressions are built here, once, never per exchange; patterns are
 * unanchored (write `^…$` to match the whole value). Expects a match that
 * passed validatePlan: an invalid pattern throws here.
 */
import type { ProviderName } from '../../kernel/exchange.ts'
import type { FaultMatch, StringMatch } from '../spec.ts'

export interface MatchSubject {
  provider: ProviderName
  flavour?: string
  route: string
  target?: string
  /** Lower-case header name → value. */
  headers: Readonly<Record<string, string | undefined>>
  /** 1-based ordinal of the connection on its listener. */
  connectionOrdinal: number
  /** A credential route (FCM's OAuth `/token`): matched only by a match that names its route. */
  credentials?: boolean
}

export type SubjectPredicate = (subject: MatchSubject) => boolean

const ALWAYS: SubjectPredicate = () => true

/**
 * Every given field must match (and a field the subject lacks, such as a
 * target or a header, does not match); no match at all matches every
 * exchange but those of a credential route, which only a `route` reaches.
 * @example compileMatch({ provider: 'apns', target: { pattern: '^ab' } })(subject)
 */
export function compileMatch(match: FaultMatch | undefined): SubjectPredicate {
  const predicate = compileFields(match)
  // A fault reaches a credential route only when it names the route: a send fault must not fail the token request first.
  if (match?.route !== undefined) return predicate
  return (subject) => subject.credentials !== true && predicate(subject)
}

function compileFields(match: FaultMatch | undefined): SubjectPredicate {
  if (match === undefined) return ALWAYS
  const tests: SubjectPredicate[] = []
  if (match.provider !== undefined) {
    const providers = typeof match.provider === 'string' ? [match.provider] : match.provider
    tests.push((s) => providers.includes(s.provider))
  }
  if (match.flavour !== undefined) tests.push(optionalField(compileStringMatch(match.flavour), (s) => s.flavour))
  if (match.route !== undefined) {
    const test = compileStringMatch(match.route)
    tests.push((s) => test(s.route))
  }
  if (match.target !== undefined) tests.push(optionalField(compileStringMatch(match.target), (s) => s.target))
  for (const [name, expected] of Object.entries(match.headers ?? {})) {
    tests.push(optionalField(compileStringMatch(expected), (s) => s.headers[name]))
  }
  if (match.connection !== undefined) tests.push(compileConnection(match.connection))

  if (tests.length === 0) return ALWAYS
  if (tests.length === 1) return tests[0]!
  return (subject) => {
    for (const test of tests) if (!test(subject)) return false
    return true
  }
}

export function compileStringMatch(match: StringMatch): (value: string) => boolean {
  if (typeof match === 'string') return (value) => value === match
  if (isPattern(match)) {
    // No g/y flag: RegExp#test keeps no lastIndex state between calls.
    const regex = new RegExp(match.pattern)
    return (value) => regex.test(value)
  }
  const set = new Set(match)
  return (value) => set.has(value)
}

function isPattern(match: StringMatch): match is { pattern: string } {
  return typeof match === 'object' && !Array.isArray(match)
}

function optionalField(test: (value: string) => boolean, read: (s: MatchSubject) => string | undefined): SubjectPredicate {
  return (subject) => {
    const value = read(subject)
    return value !== undefined && test(value)
  }
}

function compileConnection(connection: NonNullable<FaultMatch['connection']>): SubjectPredicate {
  if (typeof connection === 'number') return (s) => s.connectionOrdinal === connection
  if (Array.isArray(connection)) {
    const ordinals = new Set(connection)
    return (s) => ordinals.has(s.connectionOrdinal)
  }
  const { from = 1, to = Number.POSITIVE_INFINITY } = connection as { from?: number; to?: number }
  return (s) => s.connectionOrdinal >= from && s.connectionOrdinal <= to
}
