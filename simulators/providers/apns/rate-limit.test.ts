import { describe, expect, it } from 'vitest'
import { apnsFixture, DEVICE_TOKEN, push, rejected, rejectionShape } from './test-support.ts'

const OTHER_TOKEN = 'ab'.repeat(32)

describe('APNs per-token rate limit', () => {
  it('refuses the request over the limit with 429 TooManyRequests', async () => {
    const fixture = await apnsFixture({ tokenRateLimit: { limit: 2, windowMs: 1000 } })
    expect(push(fixture).response.status).toBe(200)
    expect(push(fixture).response.status).toBe(200)
    expect(rejectionShape(push(fixture))).toEqual(rejected(429, 'TooManyRequests'))
  })

  it('counts each token separately, case-insensitively', async () => {
    const fixture = await apnsFixture({ tokenRateLimit: { limit: 1, windowMs: 1000 } })
    expect(push(fixture).response.status).toBe(200)
    expect(push(fixture, { token: OTHER_TOKEN }).response.status).toBe(200)
    expect(push(fixture, { token: DEVICE_TOKEN.toUpperCase() }).response.status).toBe(429)
  })

  it('allows the token again in the next window', async () => {
    const fixture = await apnsFixture({ tokenRateLimit: { limit: 1, windowMs: 1000 } })
    push(fixture)
    fixture.clock.advance(999)
    expect(push(fixture).response.status).toBe(429)
    fixture.clock.advance(1)
    expect(push(fixture).response.status).toBe(200)
  })

  it('applies before the token state', async () => {
    const fixture = await apnsFixture({ tokenRateLimit: { limit: 1, windowMs: 1000 } })
    fixture.core.unregisterToken(DEVICE_TOKEN)
    expect(push(fixture).response.status).toBe(410)
    expect(push(fixture).response.status).toBe(429)
  })

  it('is off by default', async () => {
    const fixture = await apnsFixture()
    const statuses = Array.from({ length: 50 }, () => push(fixture).response.status)
    expect(new Set(statuses)).toEqual(new Set([200]))
  })

  it('forgets its windows on reset', async () => {
    const fixture = await apnsFixture({ tokenRateLimit: { limit: 1, windowMs: 1000 } })
    push(fixture)
    fixture.core.reset()
    fixture.core.registerKey({ keyId: 'KEY1234567', teamId: 'TEAM123456', key: fixture.key.pkcs8 })
    expect(push(fixture).response.status).toBe(200)
  })
})
