import { afterAll, beforeAll } from 'vitest'
import { startTestSimulators } from './simulators.ts'

export interface CliSimulators {
  sims: Awaited<ReturnType<typeof startTestSimulators>>
  /** The environment that points the CLI at them: PUSHSIM_ADMIN and PUSHSIM_STATE_DIR. */
  env: Record<string, string>
}

/** Real simulators for a CLI test file: started before its tests, stopped after them. Read the fields inside tests. */
export function cliSimulators(): CliSimulators {
  const state = {} as CliSimulators
  beforeAll(async () => {
    state.sims = await startTestSimulators()
    state.env = { PUSHSIM_ADMIN: state.sims.endpoints.admin, PUSHSIM_STATE_DIR: state.sims.stateDir }
  })
  afterAll(() => state.sims?.stop())
  return state
}
