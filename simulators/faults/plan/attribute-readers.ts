/**
 * Readers for a fault type's `attributes`, on top of ./fields.ts: each
 * records its problem with the attribute's path and returns undefined then,
 * so a decoder reads every attribute and reports every problem at once.
 * Unknown keys are rejected before a decoder runs (decodeAttributes).
 */
import { child, optional, preview, problem, readEnum, readNumber, readString, type NumberRule, type PlainRecord, type Problems } from './fields.ts'
import { H2_ERROR_NAMES, MAX_H2_ERROR_CODE } from './h2-error-codes.ts'
import type { ValidateOptions } from './types.ts'

/** What a fault type's decoder reads: its attributes record, their path, the problem list. */
export interface AttributeContext {
  readonly record: PlainRecord
  readonly path: string
  readonly problems: Problems
  readonly options: ValidateOptions
}

// RFC 9111 §1.2.2: delta-seconds beyond 2^31 are to be read as 2^31.
export const RETRY_AFTER: NumberRule = { integer: true, min: 0, max: 2 ** 31 }
export const UINT31: NumberRule = { integer: true, min: 0, max: 2 ** 31 - 1 }
// SETTINGS values are 32-bit (RFC 9113 §6.5.2).
export const UINT32: NumberRule = { integer: true, min: 0, max: 2 ** 32 - 1 }
export const BYTE_COUNT: NumberRule = { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }

/** A number attribute; absent is a problem only when `required`. */
export function numberAttribute(c: AttributeContext, key: string, rule: NumberRule, required: boolean): number | undefined {
  if (!required && c.record[key] === undefined) return undefined
  return readNumber(c.record[key], child(c.path, key), c.problems, rule)
}

/** An optional attribute that is one of `options`. */
export function enumAttribute<T extends string>(c: AttributeContext, key: string, options: readonly T[]): T | undefined {
  return optional(c.record, key, c.path, (v, p) => readEnum(v, options, p, c.problems))
}

/** An optional non-empty string attribute. */
export function stringAttribute(c: AttributeContext, key: string): string | undefined {
  return optional(c.record, key, c.path, (v, p) => readString(v, p, c.problems))
}

/** An optional boolean attribute. */
export function booleanAttribute(c: AttributeContext, key: string): boolean | undefined {
  const value = c.record[key]
  if (value === undefined || typeof value === 'boolean') return value
  return problem(c.problems, child(c.path, key), `expected true or false, got ${preview(value)}`)
}

/** A catalogue entry name (or alias) an answer is rendered from. */
export function catalogueCode(c: AttributeContext, key: string, required: boolean): string | undefined {
  if (!required && c.record[key] === undefined) return undefined
  const path = child(c.path, key)
  const code = readString(c.record[key], path, c.problems)
  if (code === undefined) return undefined
  if (c.options.knownCodes(code)) return code
  return problem(c.problems, path, `unknown error code ${JSON.stringify(code)}; expected a catalogue entry or alias`)
}

/** An HTTP/2 error name (`REFUSED_STREAM`) or number 0..0xd, under `code`. */
export function h2CodeAttribute(c: AttributeContext, required: boolean): number | string | undefined {
  const value = c.record.code
  if (!required && value === undefined) return undefined
  const path = child(c.path, 'code')
  if (typeof value === 'number') return readNumber(value, path, c.problems, { integer: true, min: 0, max: MAX_H2_ERROR_CODE })
  return readEnum(value, H2_ERROR_NAMES, path, c.problems)
}

/** `base` plus the optional fields that are set (no `key: undefined` in decoded plans). */
export function withOptional<B extends object, O extends object>(base: B, optionalFields: O): B & Partial<O> {
  const out = { ...base } as Record<string, unknown>
  for (const [key, value] of Object.entries(optionalFields)) if (value !== undefined) out[key] = value
  return out as B & Partial<O>
}
