import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The JSON Schema (draft 2020-12) of a ledger line: docs/ledger.schema.json, documented in docs/ledger.md. */
export const LEDGER_SCHEMA_PATH = fileURLToPath(new URL('../../docs/ledger.schema.json', import.meta.url))

/** `$id` of the schema: the URI to reference it by once it is added to a validator. */
export const LEDGER_SCHEMA_ID = 'urn:pushsim:ledger-line:1'

/** The schema, parsed from LEDGER_SCHEMA_PATH. */
export function loadLedgerSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(LEDGER_SCHEMA_PATH, 'utf8')) as Record<string, unknown>
}

/** Checks one parsed ledger line: undefined when it is valid, else what is wrong with it. */
export type LedgerLineValidator = (line: unknown) => string | undefined

let validator: Promise<LedgerLineValidator> | undefined

/**
 * A validator of parsed lines against the schema, compiled once per process.
 * ajv is loaded only here, on first use, so nothing pays for it that does not
 * validate. An exchange (or device) line is checked against its own shape
 * alone, for a message about its own fields rather than every branch of the oneOf.
 */
export function ledgerLineValidator(): Promise<LedgerLineValidator> {
  validator ??= import('ajv/dist/2020.js').then(({ Ajv2020 }) => {
    const ajv = new Ajv2020({ strict: true, allErrors: false })
    ajv.addSchema(loadLedgerSchema())
    const any = ajv.getSchema(LEDGER_SCHEMA_ID)!
    const exchange = ajv.getSchema(`${LEDGER_SCHEMA_ID}#/$defs/exchange`)!
    const device = ajv.getSchema(`${LEDGER_SCHEMA_ID}#/$defs/device`)!
    const otherKind = ajv.getSchema(`${LEDGER_SCHEMA_ID}#/$defs/otherKind`)!
    return (line) => {
      const kind = typeof line === 'object' && line !== null && !Array.isArray(line) ? (line as { kind?: unknown }).kind : undefined
      // The branch of the oneOf the line's kind selects; the whole schema when it has no kind to select by.
      const validate = kind === 'exchange' ? exchange : kind === 'device' ? device : typeof kind === 'string' ? otherKind : any
      return validate(line) ? undefined : problemsOf(validate.errors ?? [])
    }
  })
  return validator
}

interface AjvError {
  instancePath: string
  message?: string
  params: Record<string, unknown>
}

function problemsOf(errors: readonly AjvError[]): string {
  return errors
    .map(({ instancePath, message, params }) => {
      const detail =
        params.additionalProperty !== undefined
          ? ` '${String(params.additionalProperty)}'`
          : Array.isArray(params.allowedValues)
            ? ` (${params.allowedValues.join(', ')})`
            : ''
      return `${instancePath || '/'} ${message ?? 'is invalid'}${detail}`
    })
    .join('; ')
}
