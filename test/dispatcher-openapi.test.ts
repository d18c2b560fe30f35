/**
 * dispatcher/api/openapi.yaml is the contract a user's dispatcher implements,
 * so it must say what the reference dispatcher does: every request body's
 * example is answered with a documented status other than 400, every field
 * the schema marks required is enforced (without it: 400 naming the field),
 * and `GET /` lists exactly the documented routes.
 */
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { useDispatcherAgainstSimulators } from './support/dispatcher.ts'

interface Operation {
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> }
  responses: Record<string, { content?: Record<string, { schema: Schema; example?: unknown }> }>
}
interface Schema {
  $ref?: string
  required?: string[]
}
const spec = parseYaml(readFileSync(new URL('../dispatcher/api/openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Schema> }
}
const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(spec.components.schemas[schema.$ref.split('/').at(-1)!]!) : schema)

/** The operations with a request body, in an order that makes each example meaningful (the clock before any campaign). */
const WRITES: [method: string, path: string][] = [
  ['put', '/clock'],
  ['post', '/campaigns'],
  ['post', '/campaigns/{id}/audience'],
  ['post', '/campaigns/{id}/sends'],
  ['post', '/identify'],
  ['post', '/conversions'],
  ['post', '/track'],
]

let base = ''
useDispatcherAgainstSimulators((_sims, app) => (base = app.server!.url), { http: { host: '127.0.0.1', port: 0 } })

const campaignId = (spec.paths['/campaigns']!.post!.requestBody!.content['application/json']!.example as { id: string }).id

async function send(method: string, path: string, mediaType: string, body: unknown): Promise<{ status: number; text: string }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const response = await fetch(`${base}${path.replace('{id}', campaignId)}`, { method: method.toUpperCase(), headers: { 'content-type': mediaType }, body: text })
  return { status: response.status, text: await response.text() }
}

/** The example without one top-level field: for NDJSON, taken out of the first member's line. */
function without(example: unknown, mediaType: string, field: string): unknown {
  if (mediaType === 'application/x-ndjson') {
    const [first, ...rest] = (example as string).trim().split('\n')
    const { [field]: _dropped, ...kept } = JSON.parse(first!) as Record<string, unknown>
    return [JSON.stringify(kept), ...rest].join('\n') + '\n'
  }
  const { [field]: _dropped, ...kept } = example as Record<string, unknown>
  return kept
}

describe('openapi.yaml against the reference dispatcher', () => {
  it('GET / lists exactly the documented routes', async () => {
    const listed = (await (await fetch(`${base}/`)).json()) as { routes: { method: string; path: string; describe: string }[] }
    const documented = Object.entries(spec.paths).flatMap(([path, item]) => Object.keys(item).filter((key) => key !== 'parameters').map((method) => `${method.toUpperCase()} ${path}`))
    expect(listed.routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(documented.sort())
    for (const route of listed.routes) expect(route.describe.length, `${route.method} ${route.path}`).toBeGreaterThan(0)
  })

  it('has an example for every request body', () => {
    for (const [method, path] of WRITES) {
      const content = spec.paths[path]![method]!.requestBody!.content
      for (const [mediaType, media] of Object.entries(content)) expect(media.example, `${method} ${path} ${mediaType}`).toBeDefined()
    }
    const withBodies = Object.entries(spec.paths).flatMap(([path, item]) => Object.entries(item).filter(([, operation]) => (operation as Operation).requestBody !== undefined).map(([method]) => `${method} ${path}`))
    expect(withBodies.sort()).toEqual(WRITES.map(([method, path]) => `${method} ${path}`).sort())
  })

  it.each(WRITES)('%s %s: the example gets a documented answer, and each required field is enforced', async (method, path) => {
    const operation = spec.paths[path]![method]!
    const [mediaType, media] = Object.entries(operation.requestBody!.content)[0]!
    const answered = await send(method, path, mediaType, media.example)
    expect(answered.status, answered.text).not.toBe(400)
    expect(Object.keys(operation.responses), `${answered.status} is not documented: ${answered.text}`).toContain(String(answered.status))
    for (const field of resolve(media.schema).required ?? []) {
      const refused = await send(method, path, mediaType, without(media.example, mediaType, field))
      expect(refused.status, `without ${field}: ${refused.text}`).toBe(400)
      expect(refused.text, `without ${field}`).toContain(field)
    }
  })

  it('GET /devices: its example and the answer after the writes above fit the documented page; a bad limit is refused', async () => {
    const media = spec.paths['/devices']!.get!.responses['200']!.content!['application/json']!
    // The operation's schema with the document's components beside it, so its $refs resolve (OpenAPI 3.1 schemas are JSON Schema 2020-12).
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile({ ...media.schema, components: spec.components })
    expect(validate(media.example) ? [] : validate.errors).toEqual([])
    expect(validate({ items: [{ id: 'p1-ios', personId: 'p1', channel: 'apns', address: { kind: 'token', token: 't' }, lastStatus: 'gone' }], next: null })).toBe(false)
    const answer = (await (await fetch(`${base}/devices?limit=1`)).json()) as { items: { id: string; lastStatus: string }[]; next: string | null }
    expect(validate(answer) ? [] : validate.errors).toEqual([])
    expect(answer.items).toHaveLength(1)
    expect(answer.next).not.toBeNull()
    const rest = (await (await fetch(`${base}/devices?after=${answer.next}`)).json()) as { items: { id: string }[]; next: string | null }
    expect(validate(rest) ? [] : validate.errors).toEqual([])
    expect(rest.items.map((device) => device.id)).not.toContain(answer.items[0]!.id)
    expect(rest.next).toBeNull()
    const refused = await fetch(`${base}/devices?limit=0`)
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('limit')
  })
})
