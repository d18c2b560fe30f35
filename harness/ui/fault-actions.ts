/**
 * The dashboard's fault controls, on the fault engine the admin API uses:
 * a fault comes as shorthand (`{"shorthand": "apns:error=Unregistered"}`)
 * or as the fault language's JSON (`{"fault": {…}}`), and every problem the
 * language finds is answered with its path, as the admin API does.
 */
import { findEntry } from '../../simulators/catalogue/index.ts'
import { simError, type Result, type SimError } from '../../simulators/kernel/errors.ts'
import type { FaultEngine } from '../../simulators/faults/engine/engine.ts'
import { parseShorthand } from '../../simulators/faults/plan/shorthand.ts'
import { STATUS_OF_CODE } from '../../simulators/admin/router.ts'

export interface ActionAnswer {
  status: number
  body: unknown
}

export function addFault(faults: FaultEngine, body: unknown): ActionAnswer {
  const fault = faultOf(body)
  return fault.ok ? answer(faults.add(fault.value), 201) : failed(fault.error)
}

export function replaceFault(faults: FaultEngine, id: string, body: unknown): ActionAnswer {
  const fault = faultOf(body)
  if (!fault.ok) return failed(fault.error)
  // The shorthand gives no id: the fault keeps the one it has.
  const spec = { ...(fault.value as Record<string, unknown>) }
  delete spec.id
  return answer(faults.replace(id, spec))
}

export function removeFault(faults: FaultEngine, id: string): ActionAnswer {
  return answer(faults.remove(id))
}

function faultOf(body: unknown): Result<unknown> {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  if (typeof fields.shorthand === 'string') {
    const parsed = parseShorthand(fields.shorthand, 0, { knownCodes: (name) => findEntry(name) !== undefined })
    if (parsed.ok) return { ok: true, value: parsed.fault }
    // Paths name the part of the text (`p`, `error`), not a CLI option.
    const problems = parsed.problems.map((problem) => ({ path: problem.path.replace(/^--fault\[0\]:?/, '') || 'shorthand', message: problem.message }))
    const text = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')
    return { ok: false, error: simError('INVALID_ARGUMENT', `Failed to read the shorthand: ${text}.`, "Write <provider|*>:<type>[=<value>][:<key>=<value>]…, e.g. 'apns:error=Unregistered:p=0.05'.", { problems }) }
  }
  if (typeof fields.fault === 'object' && fields.fault !== null) return { ok: true, value: fields.fault }
  return { ok: false, error: simError('INVALID_ARGUMENT', 'Failed to read the fault: send {"shorthand": "<text>"} or {"fault": {…}}.') }
}

const answer = <T>(result: Result<T>, status = 200): ActionAnswer => (result.ok ? { status, body: result.value ?? null } : failed(result.error))

const failed = (error: SimError): ActionAnswer => ({ status: STATUS_OF_CODE[error.code], body: { error } })
