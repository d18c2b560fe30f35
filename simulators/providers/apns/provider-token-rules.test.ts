import { describe, expect, it } from 'vitest'
import { apnsFixture, craftToken, KEY_ID, makeKey, push, rejected, rejectionShape, secondsOf, signToken, TEAM_ID } from './test-support.ts'

describe('APNs provider token presence', () => {
  it.each([
    ['no authorization header', { jwt: null }],
    ['an empty header', { jwt: null, headers: { authorization: '' } }],
    ['a bare bearer', { jwt: null, headers: { authorization: 'bearer ' } }],
  ])('answers %s with 403 MissingProviderToken', async (_, init) => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, init))).toEqual(rejected(403, 'MissingProviderToken'))
  })

  it('accepts the Bearer scheme in any case', async () => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { jwt: null, headers: { authorization: `Bearer ${fixture.jwt}` } })
    expect(outcome.response.status).toBe(200)
  })
})

describe('APNs provider token validity', () => {
  it('refuses a token of an unknown key with 403 InvalidProviderToken', async () => {
    const fixture = await apnsFixture()
    const jwt = await signToken(fixture.key, { kid: 'UNKNOWN123', iat: secondsOf(fixture.clock) })
    expect(rejectionShape(push(fixture, { jwt }))).toEqual(rejected(403, 'InvalidProviderToken'))
  })

  it('refuses a token whose iss is not the key team', async () => {
    const fixture = await apnsFixture()
    const jwt = await signToken(fixture.key, { iss: 'OTHERTEAM1', iat: secondsOf(fixture.clock) })
    expect(rejectionShape(push(fixture, { jwt }))).toEqual(rejected(403, 'InvalidProviderToken'))
  })

  it('refuses a token signed by another private key', async () => {
    const fixture = await apnsFixture()
    const jwt = await signToken(await makeKey(), { iat: secondsOf(fixture.clock) })
    expect(rejectionShape(push(fixture, { jwt }))).toEqual(rejected(403, 'InvalidProviderToken'))
  })

  it('refuses a token with a tampered payload', async () => {
    const fixture = await apnsFixture()
    const [header, , signature] = fixture.jwt.split('.')
    const claims = Buffer.from(JSON.stringify({ iss: TEAM_ID, iat: secondsOf(fixture.clock) + 1 })).toString('base64url')
    const outcome = push(fixture, { jwt: `${header}.${claims}.${signature}` })
    expect(rejectionShape(outcome)).toEqual(rejected(403, 'InvalidProviderToken'))
  })

  it.each([
    ['alg ES384', { alg: 'ES384', kid: KEY_ID }, {}],
    ['alg none', { alg: 'none', kid: KEY_ID }, {}],
    ['no kid', { alg: 'ES256' }, {}],
    ['no iss', { alg: 'ES256', kid: KEY_ID }, { iss: undefined }],
    ['a string iat', { alg: 'ES256', kid: KEY_ID }, { iat: 'now' }],
  ])('refuses a correctly signed token with %s', async (_, header, overrides) => {
    const fixture = await apnsFixture()
    const jwt = craftToken(fixture.key, header, { iss: TEAM_ID, iat: secondsOf(fixture.clock), ...overrides })
    expect(rejectionShape(push(fixture, { jwt }))).toEqual(rejected(403, 'InvalidProviderToken'))
  })

  it('accepts a crafted token with the required fields, as the control of the case above', async () => {
    const fixture = await apnsFixture()
    const jwt = craftToken(fixture.key, { alg: 'ES256', kid: KEY_ID }, { iss: TEAM_ID, iat: secondsOf(fixture.clock) })
    expect(push(fixture, { jwt }).response.status).toBe(200)
  })

  it.each(['abc', 'a.b', 'a.b.c.d', '..', 'basic dXNlcjpwYXNz'])('refuses the malformed token %j', async (jwt) => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { jwt }))).toEqual(rejected(403, 'InvalidProviderToken'))
  })

  it('refuses a non-bearer scheme', async () => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { jwt: null, headers: { authorization: `Basic ${fixture.jwt}` } })
    expect(rejectionShape(outcome)).toEqual(rejected(403, 'InvalidProviderToken'))
  })

  it('accepts an SPKI public key as well as a .p8 private key', async () => {
    const fixture = await apnsFixture()
    fixture.core.removeKey(KEY_ID)
    expect(fixture.core.registerKey({ keyId: KEY_ID, teamId: TEAM_ID, key: fixture.key.spki }).ok).toBe(true)
    expect(push(fixture).response.status).toBe(200)
  })
})
