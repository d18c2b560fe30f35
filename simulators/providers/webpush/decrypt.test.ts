import { describe, expect, it } from 'vitest'
import { harness } from './test-support.ts'

// RFC 8291 §5 (protocols.md §3.2).
const VECTOR = {
  plaintext: 'When I grow up, I want to be a watermelon',
  auth: 'BTBZMqHH6r4Tts7J_aSIgg',
  receiverPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  receiverPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  body:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml' +
    'mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT' +
    'pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
}

function vectorHarness() {
  const h = harness()
  const imported = h.core.importState({
    version: 1,
    subscriptions: [
      {
        id: 'rfc8291',
        browser: 'firefox',
        state: 'active',
        applicationServerKey: null,
        endpoint: 'https://push.example.test/wpush/v1/rfc8291',
        createdAt: 0,
        keys: { p256dh: VECTOR.receiverPublic, auth: VECTOR.auth, privateKey: VECTOR.receiverPrivate },
      },
    ],
  })
  expect(imported).toEqual({ ok: true, value: 1 })
  return h
}

describe('decrypt', () => {
  it('decrypts the RFC 8291 §5 test vector exactly', () => {
    const h = vectorHarness()
    const body = Buffer.from(VECTOR.body, 'base64url')
    // protocols.md §3.2 says 145 bytes; 86 (header) + 41 + 1 (delimiter) + 16 (tag) is 144.
    expect(body.length).toBe(144)
    const result = h.core.decrypt({ encoding: 'aes128gcm', subscriptionId: 'rfc8291' }, body)
    expect(result.ok && result.value.toString('utf8')).toBe(VECTOR.plaintext)
  })

  it('refuses a body whose tag does not verify', () => {
    const h = vectorHarness()
    const body = Buffer.from(VECTOR.body, 'base64url')
    body[body.length - 1]! ^= 1
    expect(h.core.decrypt({ encoding: 'aes128gcm', subscriptionId: 'rfc8291' }, body)).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Failed to decrypt push body: authentication tag mismatch (wrong keys or corrupted body)' },
    })
  })

  it('refuses a body shorter than header plus one record', () => {
    const h = vectorHarness()
    expect(h.core.decrypt({ encoding: 'aes128gcm', subscriptionId: 'rfc8291' }, Buffer.alloc(90))).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Failed to decrypt push body: body is shorter than header plus one record' },
    })
  })

  it('needs salt and dh for aesgcm', () => {
    const h = vectorHarness()
    expect(h.core.decrypt({ encoding: 'aesgcm', subscriptionId: 'rfc8291' }, Buffer.alloc(40))).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Failed to decrypt push body: aesgcm needs the salt and dh of the request headers' },
    })
  })

  it('reports an unknown subscription as NOT_FOUND', () => {
    const h = vectorHarness()
    const result = h.core.decrypt({ encoding: 'aes128gcm', subscriptionId: 'nope' }, Buffer.alloc(145))
    expect(result.ok ? undefined : result.error.code).toBe('NOT_FOUND')
  })
})
