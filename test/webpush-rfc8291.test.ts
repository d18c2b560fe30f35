/**
 * Replaying a known vector over real sockets: a subscription registered
 * through the admin API with RFC 8291 Appendix A's user-agent keys receives
 * the RFC's exact encrypted message (its salt, keyid and ciphertext, sent
 * verbatim), and the ledger shows the RFC's plaintext, before and after a
 * restart on the same state directory.
 */
import { request } from 'node:https'
import webpush from 'web-push'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulators } from './support/simulators.ts'
import { tempDir } from './support/temp-dir.ts'

// RFC 8291 Appendix A, base64url as printed there.
const RFC = {
  plaintext: 'When I grow up, I want to be a watermelon',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  uaPublic: 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
  asPublic: 'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  body:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml' +
    'mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT' +
    'pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
}
const BODY = Buffer.from(RFC.body, 'base64url')
const KEYS = { p256dh: RFC.uaPublic, auth: RFC.authSecret, privateKey: RFC.uaPrivate }

const stateDir = tempDir('pushsim-rfc8291-')
let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators({ stateDir, seed: 'rfc8291' })
})
afterAll(async () => {
  await sims?.stop()
})

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${sims.endpoints.admin}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  return { status: response.status, body: (await response.json()) as any }
}

/** One POST over TLS to a subscription endpoint, the RFC's bytes as they are. */
function push(endpoint: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(endpoint, { method: 'POST', ca: sims.tls.ca, headers: { ...headers, 'content-length': String(BODY.length) } }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.end(BODY)
  })
}

async function ledgerEntryOf(id: string) {
  const page = await admin('GET', `/ledger?provider=webpush&target=${id}`)
  return page.body.entries.at(-1)
}

describe('RFC 8291 Appendix A replayed over a real socket', () => {
  it('checks the vector itself: its header carries the RFC salt and the application server key as keyid', () => {
    expect(BODY.subarray(0, 16).toString('base64url')).toBe(RFC.salt)
    expect(BODY.readUInt32BE(16)).toBe(4096)
    expect(BODY[20]).toBe(65)
    expect(BODY.subarray(21, 86).toString('base64url')).toBe(RFC.asPublic)
  })

  it('firefox without an applicationServerKey: the ledger shows the exact RFC plaintext', async () => {
    const made = await admin('POST', '/webpush/subscriptions', { browser: 'firefox', id: 'rfc8291-appendix-a', keys: KEYS })
    expect(made.status).toBe(201)
    expect(made.body.subscription).toEqual({ endpoint: `${sims.endpoints.webpushTls}/wpush/v1/rfc8291-appendix-a`, expirationTime: null, keys: { p256dh: RFC.uaPublic, auth: RFC.authSecret } })
    expect(JSON.stringify(made.body)).not.toContain(RFC.uaPrivate)

    const answer = await push(made.body.subscription.endpoint, { ttl: '60', 'content-encoding': 'aes128gcm', 'content-type': 'application/octet-stream' })
    expect(answer.status).toBe(201)
    const entry = await ledgerEntryOf('rfc8291-appendix-a')
    expect(Buffer.from(entry.request.body, entry.request.bodyEncoding)).toEqual(BODY)
    expect(entry.plaintext).toBe(RFC.plaintext)
  })

  it('chrome restricted to a VAPID key, with a valid VAPID Authorization: the same plaintext', async () => {
    const vapid = sims.credentials.vapid
    const made = await admin('POST', '/webpush/subscriptions', { browser: 'chrome', applicationServerKey: vapid.publicKey, keys: KEYS })
    expect(made.status).toBe(201)
    const endpoint: string = made.body.subscription.endpoint
    const { Authorization } = webpush.getVapidHeaders(new URL(endpoint).origin, vapid.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm') as { Authorization: string }
    const answer = await push(endpoint, { ttl: '60', 'content-encoding': 'aes128gcm', authorization: Authorization })
    expect(answer.status).toBe(201)
    const entry = await ledgerEntryOf(made.body.id)
    expect(entry.request.headers.authorization).toBe(`vapid [redacted], k=${vapid.publicKey}`)
    expect(entry.plaintext).toBe(RFC.plaintext)
  })

  it('keeps the given keys across a restart on the same state directory', async () => {
    await sims.close()
    sims = await startTestSimulators({ stateDir, seed: 'rfc8291' })
    const kept = await admin('GET', '/webpush/subscriptions/rfc8291-appendix-a')
    expect(kept.body.subscription.keys).toEqual({ p256dh: RFC.uaPublic, auth: RFC.authSecret })
    // Ports 0 give the restarted listener a new port: same path, today's origin.
    const answer = await push(`${sims.endpoints.webpushTls}${new URL(kept.body.subscription.endpoint).pathname}`, { ttl: '60', 'content-encoding': 'aes128gcm' })
    expect(answer.status).toBe(201)
    expect((await ledgerEntryOf('rfc8291-appendix-a')).plaintext).toBe(RFC.plaintext)
  })
})
