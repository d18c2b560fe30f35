import { describe, expect, it } from 'vitest'
import { newConnection } from '../../kernel/request.ts'
import {
  apnsFixture,
  makeKey,
  PRODUCTION_HOST,
  push,
  rejected,
  rejectionShape,
  SANDBOX_HOST,
  secondsOf,
  signToken,
  TEAM_ID,
} from './test-support.ts'

const MINUTE_MS = 60_000

describe('APNs provider token age', () => {
  it('accepts a token issued exactly one hour ago', async () => {
    const fixture = await apnsFixture()
    fixture.clock.advance(60 * MINUTE_MS)
    expect(push(fixture).response.status).toBe(200)
  })

  it('refuses it one second later with 403 ExpiredProviderToken, on every request', async () => {
    const fixture = await apnsFixture()
    const connection = newConnection('h2', true)
    expect(push(fixture, { connection }).response.status).toBe(200)
    fixture.clock.advance(60 * MINUTE_MS + 1000)
    expect(rejectionShape(push(fixture, { connection }))).toEqual(rejected(403, 'ExpiredProviderToken'))
    expect(rejectionShape(push(fixture))).toEqual(rejected(403, 'ExpiredProviderToken'))
  })

  it('accepts the renewed token on the same connection', async () => {
    const fixture = await apnsFixture()
    const connection = newConnection('h2', true)
    push(fixture, { connection })
    fixture.clock.advance(61 * MINUTE_MS)
    const renewed = await signToken(fixture.key, { iat: secondsOf(fixture.clock) })
    expect(push(fixture, { connection, jwt: renewed }).response.status).toBe(200)
  })
})

describe('APNs key environment', () => {
  it('refuses a sandbox key on production with 403 BadEnvironmentKeyInToken', async () => {
    const fixture = await apnsFixture({}, { environment: 'sandbox' })
    expect(push(fixture, { authority: SANDBOX_HOST }).response.status).toBe(200)
    const outcome = push(fixture, { authority: PRODUCTION_HOST })
    expect(rejectionShape(outcome)).toEqual(rejected(403, 'BadEnvironmentKeyInToken'))
  })

  it('uses the documented spelling when configured', async () => {
    const fixture = await apnsFixture({ environmentKeyReason: 'BadEnvironmentKeyIdInToken' }, { environment: 'production' })
    const outcome = push(fixture, { authority: SANDBOX_HOST })
    expect(rejectionShape(outcome)).toEqual(rejected(403, 'BadEnvironmentKeyIdInToken'))
  })

  it('lets a key for both environments push anywhere', async () => {
    const fixture = await apnsFixture({}, { environment: 'both' })
    expect(push(fixture, { authority: SANDBOX_HOST }).response.status).toBe(200)
    expect(push(fixture, { authority: PRODUCTION_HOST }).response.status).toBe(200)
  })
})

describe('APNs connection binding', () => {
  async function twoTeams() {
    const fixture = await apnsFixture()
    const otherKey = await makeKey()
    fixture.core.registerKey({ keyId: 'OTHERKEY12', teamId: 'OTHERTEAM1', key: otherKey.pkcs8 })
    const otherJwt = await signToken(otherKey, { kid: 'OTHERKEY12', iss: 'OTHERTEAM1', iat: secondsOf(fixture.clock) })
    return { fixture, otherJwt }
  }

  it('refuses a key of another team after the first successful push with 403 UnrelatedKeyIdInToken', async () => {
    const { fixture, otherJwt } = await twoTeams()
    const connection = newConnection('h2', true)
    expect(push(fixture, { connection }).response.status).toBe(200)
    fixture.clock.advance(30 * MINUTE_MS)
    expect(rejectionShape(push(fixture, { connection, jwt: otherJwt }))).toEqual(rejected(403, 'UnrelatedKeyIdInToken'))
  })

  it('accepts the other team on a new connection', async () => {
    const { fixture, otherJwt } = await twoTeams()
    push(fixture)
    expect(push(fixture, { jwt: otherJwt }).response.status).toBe(200)
  })

  it('binds nothing until a push succeeds', async () => {
    const { fixture, otherJwt } = await twoTeams()
    const connection = newConnection('h2', true)
    expect(push(fixture, { connection, body: '' }).response.status).toBe(400)
    // 20 min later, so that the token update itself is allowed.
    fixture.clock.advance(20 * MINUTE_MS)
    expect(push(fixture, { connection, jwt: otherJwt }).response.status).toBe(200)
  })

  it('accepts another key of the bound team', async () => {
    const fixture = await apnsFixture()
    const secondKey = await makeKey()
    fixture.core.registerKey({ keyId: 'SECONDKEY1', teamId: TEAM_ID, key: secondKey.pkcs8 })
    const connection = newConnection('h2', true)
    push(fixture, { connection })
    fixture.clock.advance(25 * MINUTE_MS)
    const jwt = await signToken(secondKey, { kid: 'SECONDKEY1', iat: secondsOf(fixture.clock) })
    expect(push(fixture, { connection, jwt }).response.status).toBe(200)
  })
})

describe('APNs token updates', () => {
  it('refuses a new token 5 min after adopting one with 429 TooManyProviderTokenUpdates', async () => {
    const fixture = await apnsFixture()
    const connection = newConnection('h2', true)
    push(fixture, { connection })
    fixture.clock.advance(5 * MINUTE_MS)
    const renewed = await signToken(fixture.key, { iat: secondsOf(fixture.clock) })
    expect(rejectionShape(push(fixture, { connection, jwt: renewed }))).toEqual(rejected(429, 'TooManyProviderTokenUpdates'))
    // The adopted token still works, and the refused one did not replace it.
    expect(push(fixture, { connection }).response.status).toBe(200)
  })

  it('refuses a re-signed token with the same iat right away', async () => {
    const fixture = await apnsFixture()
    const connection = newConnection('h2', true)
    push(fixture, { connection })
    const resigned = await signToken(fixture.key, { iat: secondsOf(fixture.clock) })
    expect(resigned).not.toBe(fixture.jwt)
    expect(rejectionShape(push(fixture, { connection, jwt: resigned }))).toEqual(rejected(429, 'TooManyProviderTokenUpdates'))
  })

  it('accepts a new token 20 min after adopting one', async () => {
    const fixture = await apnsFixture()
    const connection = newConnection('h2', true)
    push(fixture, { connection })
    fixture.clock.advance(20 * MINUTE_MS)
    const renewed = await signToken(fixture.key, { iat: secondsOf(fixture.clock) })
    expect(push(fixture, { connection, jwt: renewed }).response.status).toBe(200)
  })

  it('accepts a 55-minute renewal on a connection opened 5 min before it (apns2 pools)', async () => {
    const fixture = await apnsFixture()
    fixture.clock.advance(50 * MINUTE_MS)
    const connection = newConnection('h2', true)
    expect(push(fixture, { connection }).response.status).toBe(200)
    fixture.clock.advance(5 * MINUTE_MS)
    const renewed = await signToken(fixture.key, { iat: secondsOf(fixture.clock) })
    expect(push(fixture, { connection, jwt: renewed }).response.status).toBe(200)
  })

  it('does not count updates across connections', async () => {
    const fixture = await apnsFixture()
    push(fixture)
    const resigned = await signToken(fixture.key, { iat: secondsOf(fixture.clock) })
    expect(push(fixture, { jwt: resigned }).response.status).toBe(200)
  })
})
