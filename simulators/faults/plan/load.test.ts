import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadPlanFile } from './load.ts'
import { tempDir } from '../../../test/support/temp-dir.ts'

const options = { knownCodes: (name: string) => name === 'Unregistered' }
const HANG = { id: 'f1', type: 'hang', probability: 1, schedule: { kind: 'always' }, attributes: {} }
let dir = ''

const write = async (name: string, text: string): Promise<string> => {
  const path = join(dir, name)
  await writeFile(path, text)
  return path
}

beforeAll(() => {
  dir = tempDir('pushsim-plan-')
})

describe('loadPlanFile', () => {
  it('reads a JSON plan', async () => {
    const path = await write('plan.json', JSON.stringify({ seed: 's', faults: [{ type: 'hang' }] }))
    expect(await loadPlanFile(path, options)).toEqual({ ok: true, faults: [HANG], seed: 's' })
  })

  it('reads a YAML plan (.yaml and .yml)', async () => {
    const text = 'timeScale: 0.5\nfaults:\n  - type: error\n    probability: 0.05\n    attributes: { code: Unregistered }\n'
    const expected = {
      ok: true,
      timeScale: 0.5,
      faults: [{ id: 'f1', type: 'error', probability: 0.05, schedule: { kind: 'always' }, attributes: { code: 'Unregistered' } }],
    }
    expect(await loadPlanFile(await write('plan.yaml', text), options)).toEqual(expected)
    expect(await loadPlanFile(await write('plan.yml', text), options)).toEqual(expected)
  })

  it('reads a .ts plan from its default export, a plan or a function returning one', async () => {
    const plain = await write('plain.ts', 'const plan: unknown[] = [{ type: "hang" }]\nexport default plan\n')
    const factory = await write('factory.ts', 'export default async () => ({ faults: [{ type: "hang" }], seed: "ts" })\n')
    expect(await loadPlanFile(plain, options)).toEqual({ ok: true, faults: [HANG] })
    expect(await loadPlanFile(factory, options)).toEqual({ ok: true, faults: [HANG], seed: 'ts' })
  })

  it('reports the problems of a file plan with their paths', async () => {
    const path = await write('bad.json', JSON.stringify([{ type: 'error', attributes: { code: 'Nope' } }]))
    expect(await loadPlanFile(path, options)).toEqual({
      ok: false,
      problems: [{ path: 'faults[0].attributes.code', message: 'unknown error code "Nope"; expected a catalogue entry or alias' }],
    })
  })

  it('makes a missing, unparsable or unsupported file one problem with path ""', async () => {
    const one = async (path: string) => {
      const result = await loadPlanFile(path, options)
      return result.ok ? result : { ...result, problems: result.problems.map((p) => ({ ...p, message: p.message.replace(dir, '<dir>') })) }
    }
    expect(await one(join(dir, 'missing.json'))).toEqual({
      ok: false,
      problems: [{ path: '', message: expect.stringMatching(/^Failed to read <dir>\/missing\.json: ENOENT/) }],
    })
    expect(await one(await write('broken.json', '{ "faults": ['))).toEqual({
      ok: false,
      problems: [{ path: '', message: expect.stringMatching(/^Failed to parse <dir>\/broken\.json: /) }],
    })
    expect(await one(await write('broken.yaml', 'faults: [\n'))).toEqual({
      ok: false,
      problems: [{ path: '', message: expect.stringMatching(/^Failed to parse <dir>\/broken\.yaml: /) }],
    })
    expect(await one(await write('plan.toml', ''))).toEqual({
      ok: false,
      problems: [{ path: '', message: 'Failed to load <dir>/plan.toml: expected a .json, .yaml, .yml or .ts plan' }],
    })
    expect(await one(await write('nodefault.ts', 'export const plan = []\n'))).toEqual({
      ok: false,
      problems: [{ path: '', message: 'Failed to load <dir>/nodefault.ts: it has no default export' }],
    })
    expect(await one(await write('throws.ts', 'export default () => { throw new Error("no plan today") }\n'))).toEqual({
      ok: false,
      problems: [{ path: '', message: 'Failed to load <dir>/throws.ts: its default export threw: no plan today' }],
    })
    expect((await one(join(dir, 'missing.ts'))).ok).toBe(false)
  })

  it('validates an empty YAML file as a plan that is not one', async () => {
    expect(await loadPlanFile(await write('empty.yaml', ''), options)).toEqual({
      ok: false,
      problems: [{ path: '', message: 'expected an array of faults or { faults, seed?, timeScale? }, got null' }],
    })
  })
})
