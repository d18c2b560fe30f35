import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createKeyRegistry } from './key-registry.ts'
import type { ApnsKeyInput } from './types.ts'
import { KEY_ID, TEAM_ID, testKey } from './test-support.ts'

const spkiPem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString()
const rsaPem = (): string => spkiPem(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey)
const ecPem = (namedCurve: string): string => spkiPem(generateKeyPairSync('ec', { namedCurve }).publicKey)

describe('APNs key registry', () => {
  it('registers a .p8 key with defaults', async () => {
    const keys = createKeyRegistry()
    const result = keys.register({ keyId: KEY_ID, teamId: TEAM_ID, key: (await testKey()).pkcs8 })
    expect(result).toEqual({ ok: true, value: { keyId: KEY_ID, teamId: TEAM_ID, environment: 'both', topics: null } })
    expect(keys.list()).toEqual([{ keyId: KEY_ID, teamId: TEAM_ID, environment: 'both', topics: null }])
  })

  it('registers an SPKI key with restrictions, and replaces a key of the same id', async () => {
    const keys = createKeyRegistry()
    const { pkcs8, spki } = await testKey()
    keys.register({ keyId: KEY_ID, teamId: TEAM_ID, key: pkcs8 })
    const input: ApnsKeyInput = { keyId: KEY_ID, teamId: 'TEAM999999', key: spki, environment: 'production', topics: ['com.a'] }
    expect(keys.register(input).ok).toBe(true)
    expect(keys.list()).toEqual([{ keyId: KEY_ID, teamId: 'TEAM999999', environment: 'production', topics: ['com.a'] }])
  })

  it.each([
    ['an RSA key', { key: rsaPem() }, 'key must be a PEM P-256 EC key'],
    ['a P-384 key', { key: ecPem('P-384') }, 'key must be a PEM P-256 EC key'],
    ['garbage PEM', { key: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' }, 'key must be a PEM P-256 EC key'],
    ['an empty keyId', { keyId: '' }, 'keyId must be a non-empty string'],
    ['a numeric teamId', { teamId: 42 }, 'teamId must be a non-empty string'],
    ['an unknown environment', { environment: 'staging' }, 'environment must be sandbox, production or both'],
    ['empty topics', { topics: [] }, 'topics must be a non-empty array'],
    ['a non-string topic', { topics: ['com.a', 1] }, 'topics must be a non-empty array'],
  ])('refuses %s with INVALID_ARGUMENT', async (_, override, message) => {
    const keys = createKeyRegistry()
    const input = { keyId: KEY_ID, teamId: TEAM_ID, key: (await testKey()).pkcs8, ...override } as ApnsKeyInput
    const result = keys.register(input)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT')
      expect(result.error.message).toContain(`Failed to register APNs key: ${message}`)
    }
    expect(keys.list()).toEqual([])
  })

  it('removes a key, and answers NOT_FOUND for an unknown one', async () => {
    const keys = createKeyRegistry()
    keys.register({ keyId: KEY_ID, teamId: TEAM_ID, key: (await testKey()).pkcs8 })
    expect(keys.remove(KEY_ID)).toEqual({ ok: true, value: undefined })
    expect(keys.remove(KEY_ID)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `Failed to remove APNs key: ${KEY_ID} is not registered` },
    })
  })

  it('hands out copies of the topic list', async () => {
    const keys = createKeyRegistry()
    const topics = ['com.a']
    keys.register({ keyId: KEY_ID, teamId: TEAM_ID, key: (await testKey()).pkcs8, topics })
    topics.push('com.b')
    keys.list()[0]!.topics!.push('com.c')
    expect(keys.get(KEY_ID)?.topics).toEqual(['com.a'])
    expect(keys.get(KEY_ID)?.topicSet?.has('com.b')).toBe(false)
  })
})
