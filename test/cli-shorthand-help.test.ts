/** Issue 14 §3: the fault shorthand's grammar is in `pushsim faults --help` and `pushsim serve --help`, every type and key of it. */
import { describe, expect, it } from 'vitest'
import { KEY_RULES } from '../simulators/faults/plan/shorthand-parts.ts'
import { FAULT_TYPE_REGISTRY } from '../simulators/faults/types/index.ts'
import { runCli } from './support/cli.ts'

describe('the shorthand grammar in --help', () => {
  it.each(['faults', 'serve'])('pushsim %s --help names every fault type with its example, and every key', async (command) => {
    const { code, out: stdout } = await runCli([command, '--help'])
    expect(code).toBe(0)
    for (const definition of FAULT_TYPE_REGISTRY) expect(stdout).toContain(definition.shorthand.example)
    const keys = [...Object.keys(KEY_RULES), ...FAULT_TYPE_REGISTRY.flatMap((definition) => Object.keys(definition.shorthand.keys ?? {}))]
    for (const key of keys) expect(stdout, key).toContain(`${key}=`)
  })
})
