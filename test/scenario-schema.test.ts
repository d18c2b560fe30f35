/** docs/scenario.schema.json describes the scenario format: the examples pass it, a broken scenario does not. */
import { readdirSync, readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { readScenarioFile } from '../scenarios/load.ts'

const schema = JSON.parse(readFileSync(new URL('../docs/scenario.schema.json', import.meta.url), 'utf8'))
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema)

async function raw(path: string): Promise<unknown> {
  const loaded = await readScenarioFile(path)
  if (!loaded.ok) throw new Error(loaded.message)
  // A .scenario.ts default export goes through JSON, as a JSON scenario would.
  return JSON.parse(JSON.stringify(loaded.value))
}

describe('the scenario JSON Schema', () => {
  const library = readdirSync('scenarios/library').map((file) => `scenarios/library/${file}`)
  it.each(library)('accepts %s', async (path) => {
    expect(validate(await raw(path)) ? [] : validate.errors).toEqual([])
  })

  it('rejects a broken scenario, naming the offending paths', async () => {
    expect(validate(await raw('test/fixtures/scenarios/broken.scenario.yaml'))).toBe(false)
    const errors = validate.errors ?? []
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'audiense' } })]))
    expect(errors.map((error) => error.instancePath)).toEqual(expect.arrayContaining(['/clock/start', '/expectations/rules/0']))
  })
})
