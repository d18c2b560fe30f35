import { describe, expect, it } from 'vitest'
import { manualClock } from '../../kernel/clock.ts'
import { buildRequest, newConnection } from '../../kernel/request.ts'
import { createRng } from '../../kernel/rng.ts'
import { createApnsCore } from './core.ts'
import { APNS_REASON_STATUS } from '../../catalogue/wire/apns-reasons.ts'
import {
  apnsFixture,
  DEVICE_TOKEN,
  PRODUCTION_HOST,
  push,
  pushRequest,
  rejected,
  rejectionShape,
  SANDBOX_HOST,
} from './test-support.ts'

describe('APNs success', () => {
  it('answers 200 with apns-id and apns-unique-id in the sandbox, and no body', async () => {
    const fixture = await apnsFixture()
    const expected = createRng('test')
    const apnsId = expected.uuid()
    const uniqueId = expected.uuid()
    const outcome = push(fixture)
    expect(outcome.response).toEqual({ status: 200, headers: { 'apns-id': apnsId, 'apns-unique-id': uniqueId } })
    expect(outcome.note).toEqual({ target: DEVICE_TOKEN, flavour: 'sandbox' })
  })

  it('omits apns-unique-id in production', async () => {
    const fixture = await apnsFixture()
    const apnsId = createRng('test').uuid()
    const outcome = push(fixture, { authority: `${PRODUCTION_HOST}:443` })
    expect(outcome.response).toEqual({ status: 200, headers: { 'apns-id': apnsId } })
    expect(outcome.note).toEqual({ target: DEVICE_TOKEN, flavour: 'production' })
  })

  it('echoes a valid apns-id, in either case', async () => {
    const fixture = await apnsFixture()
    const lower = '123e4567-e89b-12d3-a456-4266554400a0'
    expect(push(fixture, { headers: { 'apns-id': lower } }).response.headers['apns-id']).toBe(lower)
    const upper = '123E4567-E89B-12D3-A456-4266554400A0'
    expect(push(fixture, { headers: { 'apns-id': upper } }).response.headers['apns-id']).toBe(upper)
  })

  it('echoes apns-id on errors too', async () => {
    const fixture = await apnsFixture()
    const id = '123e4567-e89b-12d3-a456-4266554400a0'
    const outcome = push(fixture, { headers: { 'apns-id': id }, body: '' })
    expect(outcome.response.headers).toEqual({ 'content-type': 'application/json', 'apns-id': id })
  })

  it('notes the target in lower case', async () => {
    const fixture = await apnsFixture()
    expect(push(fixture, { token: DEVICE_TOKEN.toUpperCase() }).note?.target).toBe(DEVICE_TOKEN)
  })
})

describe('APNs environment', () => {
  it.each([
    [SANDBOX_HOST, 'sandbox'],
    ['api.sandbox.push.apple.com:2197', 'sandbox'],
    ['api.development.push.apple.com', 'sandbox'],
    [PRODUCTION_HOST, 'production'],
    ['API.PUSH.APPLE.COM:443', 'production'],
    ['127.0.0.1:7771', 'production'],
    ['localhost', 'production'],
  ])('%s → %s (default production)', async (authority, environment) => {
    const fixture = await apnsFixture({ defaultEnvironment: 'production' })
    expect(push(fixture, { authority }).note?.flavour).toBe(environment)
  })

  it('defaults to the sandbox for other hosts', async () => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { authority: 'localhost:7771' })
    expect(outcome.note?.flavour).toBe('sandbox')
    expect(outcome.response.headers['apns-unique-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('APNs streams', () => {
  it('advertises 1 stream initially', async () => {
    expect((await apnsFixture()).core.initialMaxConcurrentStreams).toBe(1)
  })

  it('grants maxConcurrentStreams once per connection, on the first valid token', async () => {
    const fixture = await apnsFixture({ maxConcurrentStreams: 500 })
    const connection = newConnection('h2', true)
    expect(push(fixture, { connection, jwt: 'not.a.jwt' }).effect).toBeUndefined()
    expect(push(fixture, { connection }).effect).toEqual({ maxConcurrentStreams: 500 })
    expect(push(fixture, { connection }).effect).toBeUndefined()
    expect(push(fixture, { connection: newConnection('h2', true) }).effect).toEqual({ maxConcurrentStreams: 500 })
  })

  it('grants streams even when a later rule rejects the request', async () => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { body: '' })
    expect(outcome.response.status).toBe(400)
    expect(outcome.effect).toEqual({ maxConcurrentStreams: 1000 })
  })
})

describe('APNs validation order', () => {
  it('checks the method before the path, the path before auth', async () => {
    const fixture = await apnsFixture()
    expect(push(fixture, { method: 'GET', path: '/nope', jwt: null }).note?.reason).toBe('MethodNotAllowed')
    expect(push(fixture, { path: '/nope', jwt: null }).note?.reason).toBe('BadPath')
  })

  it('checks auth before topic, topic before device token, device token before payload', async () => {
    const fixture = await apnsFixture()
    const bad = { token: 'zz', headers: { 'apns-topic': null }, body: '' }
    expect(push(fixture, { ...bad, jwt: null }).note?.reason).toBe('MissingProviderToken')
    expect(push(fixture, bad).note?.reason).toBe('MissingTopic')
    expect(push(fixture, { token: 'zz', body: '' }).note?.reason).toBe('BadDeviceToken')
  })

  it('checks the payload before the token state', async () => {
    const fixture = await apnsFixture()
    fixture.core.unregisterToken(DEVICE_TOKEN)
    expect(push(fixture, { body: '' }).note?.reason).toBe('PayloadEmpty')
  })
})

describe('APNs robustness', () => {
  const garbage = Buffer.from([0xff, 0x00, 0xfe, 0x7b, 0x22])
  it.each([
    ['binary body', { body: garbage }, 'PayloadEmpty'],
    ['truncated JSON', { body: '{"aps":' }, 'PayloadEmpty'],
    ['empty method and path', { path: '', method: '' }, 'MethodNotAllowed'],
    ['control characters in the token', { path: '/3/device/\u0000\uffff' }, 'BadDeviceToken'],
    ['control characters in the JWT', { jwt: '\u0000.\u0001.\u0002' }, 'InvalidProviderToken'],
    ['a 100 kB JWT', { jwt: 'a'.repeat(100_000) }, 'InvalidProviderToken'],
    ['a JWT of empty objects', { jwt: `e30.e30.${'x'.repeat(86)}` }, 'InvalidProviderToken'],
    ['a prototype key as push type', { headers: { 'apns-push-type': 'constructor' } }, 'InvalidPushType'],
    ['a prototype key as topic', { headers: { 'apns-topic': '__proto__' } }, 'BadTopic'],
    ['a 400-digit expiration', { headers: { 'apns-expiration': '9'.repeat(400) } }, 'BadExpirationDate'],
  ] as const)('answers %s with its APNs reason', async (_, init, reason) => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, init))).toEqual(rejected(APNS_REASON_STATUS[reason], reason))
  })

  it('treats an empty authority as the default environment', async () => {
    const fixture = await apnsFixture()
    const outcome = fixture.core.handle({ ...pushRequest(fixture), authority: '' })
    expect(outcome.response.status).toBe(200)
    expect(outcome.note?.flavour).toBe('sandbox')
  })

  it('turns an unexpected failure into 500 InternalServerError', async () => {
    const clock = manualClock()
    const core = createApnsCore({ clock, rng: createRng('test') })
    clock.now = () => {
      throw new Error('clock failure')
    }
    const outcome = core.handle(buildRequest({ path: `/3/device/${DEVICE_TOKEN}`, headers: { authorization: 'bearer x' } }))
    expect(rejectionShape(outcome)).toEqual(rejected(500, 'InternalServerError'))
  })

  it('answers synchronously', async () => {
    const fixture = await apnsFixture()
    expect(push(fixture)).not.toBeInstanceOf(Promise)
  })
})

describe('APNs reset', () => {
  it('forgets keys and tokens', async () => {
    const fixture = await apnsFixture()
    fixture.core.unregisterToken(DEVICE_TOKEN)
    fixture.core.reset()
    expect(fixture.core.listKeys()).toEqual([])
    expect(fixture.core.listTokens()).toEqual([])
    expect(push(fixture).note?.reason).toBe('InvalidProviderToken')
  })
})
