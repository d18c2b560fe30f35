import { describe, expect, it } from 'vitest'
import { createKeyRegistry } from './key-registry.ts'
import { createProviderTokenVerifier, verifyEs256, type SignatureVerifier } from './provider-token.ts'
import { apnsFixture, KEY_ID, push, signToken, TEAM_ID, testKey } from './test-support.ts'

async function countingVerifier() {
  const key = await testKey()
  const keys = createKeyRegistry()
  keys.register({ keyId: KEY_ID, teamId: TEAM_ID, key: key.pkcs8 })
  let verifications = 0
  const counting: SignatureVerifier = (input, signature, publicKey) => {
    verifications += 1
    return verifyEs256(input, signature, publicKey)
  }
  return { key, keys, verifier: createProviderTokenVerifier(keys, counting), count: () => verifications }
}

describe('provider token verification cache', () => {
  it('verifies the signature of one JWT string once', async () => {
    const { key, verifier, count } = await countingVerifier()
    const jwt = await signToken(key, { iat: 1_767_225_600 })
    const first = verifier.check(jwt)
    const second = verifier.check(jwt)
    expect(first).toMatchObject({ ok: true, issuedAtMs: 1_767_225_600_000 })
    expect(second).toBe(first)
    expect(count()).toBe(1)
  })

  it('verifies each distinct JWT', async () => {
    const { key, verifier, count } = await countingVerifier()
    verifier.check(await signToken(key, { iat: 1 }))
    verifier.check(await signToken(key, { iat: 2 }))
    expect(count()).toBe(2)
  })

  it('caches refusals too', async () => {
    const { key, verifier, count } = await countingVerifier()
    const [header, payload] = (await signToken(key, { iat: 1 })).split('.')
    const forged = `${header}.${payload}.${Buffer.alloc(64).toString('base64url')}`
    expect(verifier.check(forged)).toEqual({ ok: false })
    expect(verifier.check(forged)).toEqual({ ok: false })
    expect(count()).toBe(1)
  })

  it('verifies again after clear()', async () => {
    const { key, verifier, count } = await countingVerifier()
    const jwt = await signToken(key, { iat: 1 })
    verifier.check(jwt)
    verifier.clear()
    verifier.check(jwt)
    expect(count()).toBe(2)
  })

  it('does not verify a signature for an unknown key', async () => {
    const { key, verifier, count } = await countingVerifier()
    expect(verifier.check(await signToken(key, { kid: 'NOPE123456', iat: 1 }))).toEqual({ ok: false })
    expect(count()).toBe(0)
  })
})

describe('APNs key changes', () => {
  it('accepts a token once its key is registered, despite the cached refusal', async () => {
    const fixture = await apnsFixture()
    fixture.core.removeKey(KEY_ID)
    expect(push(fixture).note?.reason).toBe('InvalidProviderToken')
    fixture.core.registerKey({ keyId: KEY_ID, teamId: TEAM_ID, key: fixture.key.pkcs8 })
    expect(push(fixture).response.status).toBe(200)
  })

  it('refuses a cached valid token once its key is removed', async () => {
    const fixture = await apnsFixture()
    expect(push(fixture).response.status).toBe(200)
    fixture.core.removeKey(KEY_ID)
    expect(push(fixture).note?.reason).toBe('InvalidProviderToken')
  })
})
