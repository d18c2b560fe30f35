import { describe, expect, it } from 'vitest'
import { FieldReader } from './fields.ts'

const messageOf = (result: ReturnType<FieldReader['done']>) => (result.ok ? undefined : result.error.message)

describe('FieldReader', () => {
  it('hands back what it read when nothing is wrong', () => {
    const fields = new FieldReader({ name: 'a', count: 2, on: false, tags: ['x'], nested: { inner: 'b' } })
    const nested = fields.object('nested')
    const value = { name: fields.string('name', true), count: fields.number('count'), on: fields.boolean('on'), tags: fields.strings('tags'), inner: nested.string('inner') }
    expect(fields.done(value)).toEqual({ ok: true, value: { name: 'a', count: 2, on: false, tags: ['x'], inner: 'b' } })
    expect(nested.present).toBe(true)
  })

  it('names every field it did not read, nested ones with their path, after the other problems', () => {
    const fields = new FieldReader({ browser: 7, colour: 'red', keys: { auth: 'x', privateKey: 'y', extra: 1 } })
    fields.string('browser')
    const keys = fields.object('keys')
    keys.string('auth')
    expect(messageOf(fields.done(null))).toBe('Failed to read the request: browser: expected a string; colour: unknown field; keys.privateKey: unknown field; keys.extra: unknown field.')
  })

  it('says where a misplaced field belongs, even when its object is absent', () => {
    const fields = new FieldReader({ privateKey: 'x', auth: 'y' })
    const keys = fields.object('keys')
    keys.string('auth', true)
    keys.string('privateKey', true)
    expect(keys.present).toBe(false)
    expect(messageOf(fields.done(null))).toBe('Failed to read the request: privateKey: unknown field (did you mean keys.privateKey?); auth: unknown field (did you mean keys.auth?).')
  })

  it('requires the fields of a nested object only when the object is there', () => {
    const fields = new FieldReader({ keys: {} })
    fields.object('keys').string('auth', true)
    expect(messageOf(fields.done(null))).toBe('Failed to read the request: keys.auth: required.')
    const wrong = new FieldReader({ keys: 'abc' })
    wrong.object('keys').string('auth', true)
    expect(messageOf(wrong.done(null))).toBe('Failed to read the request: keys: expected an object.')
  })

  it('refuses a body that is not an object, and any field of a route that reads none', () => {
    expect(messageOf(new FieldReader([1]).done(null))).toBe('Failed to read the request: body: expected a JSON object.')
    expect(new FieldReader({}).done(null).ok).toBe(true)
    expect(messageOf(new FieldReader({ token: 'x', at: 1 }).done(null))).toBe('Failed to read the request: token: unknown field; at: unknown field.')
  })

  it('quotes a wrong enum value only in part, and gives the same answer when asked twice', () => {
    const secret = 'sk_live_0123456789abcdefghijklmnopqrstuvwxyz'
    const fields = new FieldReader({ state: secret })
    fields.oneOf('state', ['valid'] as const)
    const first = messageOf(fields.done(null))
    expect(first).toBe("Failed to read the request: state: expected one of valid, got 'sk_live_01234567…'.")
    expect(messageOf(fields.done(null))).toBe(first)
  })

  it('does not take inherited properties for fields', () => {
    const fields = new FieldReader(JSON.parse('{"__proto__": {"admin": true}}'))
    expect(fields.boolean('admin')).toBeUndefined()
    expect(messageOf(fields.done(null))).toBe('Failed to read the request: __proto__: unknown field.')
  })
})
