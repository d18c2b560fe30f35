import { describe, expect, it } from 'vitest'
import {
  apnsFixture,
  bodyJson,
  DEVICE_TOKEN,
  PRODUCTION_HOST,
  push,
  rejected,
  rejectionShape,
  SANDBOX_HOST,
  TOPIC,
} from './test-support.ts'

describe('APNs device token format', () => {
  it.each([
    ['63 characters', 'a'.repeat(63)],
    ['62 characters', 'a'.repeat(62)],
    ['a truncated 50-character token', DEVICE_TOKEN.slice(0, 50)],
    ['an odd length', 'a'.repeat(65)],
    ['202 characters', 'a'.repeat(202)],
    ['a non-hex character', `${DEVICE_TOKEN.slice(0, 63)}g`],
    ['spaces', `${DEVICE_TOKEN.slice(0, 32)} ${DEVICE_TOKEN.slice(33)}`],
    ['an FCM token', 'dHIoDxE7Hdg:APA91bH1Zj0kNa'],
  ])('refuses %s with 400 BadDeviceToken', async (_, token) => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { token }))).toEqual(rejected(400, 'BadDeviceToken'))
  })

  it.each([
    ['64 characters', DEVICE_TOKEN],
    ['upper case', DEVICE_TOKEN.toUpperCase()],
    ['200 characters (Live Activity tokens are longer)', 'ab'.repeat(100)],
  ])('accepts %s', async (_, token) => {
    const fixture = await apnsFixture()
    expect(push(fixture, { token }).response.status).toBe(200)
  })
})

describe('APNs registered tokens', () => {
  it('refuses a sandbox token on production with 400 BadDeviceToken', async () => {
    const fixture = await apnsFixture()
    fixture.core.registerToken({ token: DEVICE_TOKEN, environment: 'sandbox' })
    expect(push(fixture, { authority: SANDBOX_HOST }).response.status).toBe(200)
    expect(rejectionShape(push(fixture, { authority: PRODUCTION_HOST }))).toEqual(rejected(400, 'BadDeviceToken'))
  })

  it('refuses a token of another app with 400 DeviceTokenNotForTopic', async () => {
    const fixture = await apnsFixture()
    fixture.core.registerToken({ token: DEVICE_TOKEN, topic: 'com.example.other' })
    expect(rejectionShape(push(fixture))).toEqual(rejected(400, 'DeviceTokenNotForTopic'))
  })

  it('matches a registered bundle id against the suffixed topics of that app', async () => {
    const fixture = await apnsFixture()
    fixture.core.registerToken({ token: DEVICE_TOKEN, topic: TOPIC })
    const voip = { 'apns-push-type': 'voip', 'apns-topic': `${TOPIC}.voip` }
    expect(push(fixture, { headers: voip }).response.status).toBe(200)
  })

  it('matches a registered full topic', async () => {
    const fixture = await apnsFixture()
    fixture.core.registerToken({ token: DEVICE_TOKEN, topic: `${TOPIC}.voip` })
    const voip = { 'apns-push-type': 'voip', 'apns-topic': `${TOPIC}.voip` }
    expect(push(fixture, { headers: voip }).response.status).toBe(200)
  })

  it('looks tokens up case-insensitively', async () => {
    const fixture = await apnsFixture()
    fixture.core.registerToken({ token: DEVICE_TOKEN.toUpperCase(), state: 'unregistered' })
    expect(push(fixture).response.status).toBe(410)
  })
})

describe('APNs token state', () => {
  it('answers an unregistered token with 410 Unregistered and its timestamp', async () => {
    const fixture = await apnsFixture()
    fixture.core.unregisterToken(DEVICE_TOKEN, 1_712_345_678_901)
    const outcome = push(fixture)
    expect(outcome.response.status).toBe(410)
    expect(outcome.response.headers).toEqual({ 'content-type': 'application/json', 'apns-id': expect.any(String) })
    expect(outcome.response.body).toBe('{"reason":"Unregistered","timestamp":1712345678901}')
    expect(outcome.note).toEqual({ target: DEVICE_TOKEN, flavour: 'sandbox', reason: 'Unregistered' })
  })

  it('stamps an unregistration without a time with the clock', async () => {
    const fixture = await apnsFixture()
    fixture.clock.advance(1234)
    fixture.core.unregisterToken(DEVICE_TOKEN)
    fixture.clock.advance(60_000)
    expect(bodyJson(push(fixture))).toEqual({ reason: 'Unregistered', timestamp: fixture.clock.now() - 60_000 })
  })

  it('answers an expired token with 410 ExpiredToken and a timestamp', async () => {
    const fixture = await apnsFixture()
    fixture.core.registerToken({ token: DEVICE_TOKEN, state: 'expired', unregisteredAt: 1_700_000_000_000 })
    const outcome = push(fixture)
    expect(outcome.response.status).toBe(410)
    expect(bodyJson(outcome)).toEqual({ reason: 'ExpiredToken', timestamp: 1_700_000_000_000 })
  })

  it('answers 200 again once the token is removed', async () => {
    const fixture = await apnsFixture()
    fixture.core.unregisterToken(DEVICE_TOKEN)
    fixture.core.removeToken(DEVICE_TOKEN)
    expect(push(fixture).response.status).toBe(200)
  })

  it('answers 200 for a token registered as valid', async () => {
    const fixture = await apnsFixture()
    fixture.core.registerToken({ token: DEVICE_TOKEN, state: 'valid', topic: TOPIC, environment: 'sandbox' })
    expect(push(fixture).response.status).toBe(200)
  })
})
