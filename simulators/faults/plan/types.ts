/** What plan decoding takes and gives; the fault shapes themselves live in ../spec.ts. */
import type { FaultSpec, PlanProblem } from '../spec.ts'

export interface ValidateOptions {
  /** True when `name` is a catalogue entry (or alias) an error or rate-limit fault may answer with. */
  knownCodes: (name: string) => boolean
}

/** A decoded plan: defaults applied, ids assigned; or every problem found, with its path. */
export type PlanResult =
  | { ok: true; faults: FaultSpec[]; seed?: string; timeScale?: number }
  | { ok: false; problems: PlanProblem[] }
