/**
 * Same seed, same state directory, two starts of the real simulators: the
 * second run hands out no id, id prefix or key pair the registry already
 * holds, and the credentials the first run made keep working. A fresh
 * directory with that seed still replays the first run exactly.
 */
import { readFileSync } from 'node:fs'
import { connect } from 'node:http2'
import { importPKCS8, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { fetchFcmAccessToken } from '../harness/cli/provider-tokens.ts'
import { startTestSimulators } from './support/simulators.ts'
import { tempDir } from './support/temp-dir.ts'

type Sims = Awaited<ReturnType<typeof startTestSimulators>>
interface Made {
  id: string
  browser: string
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } }
}

const freshDir = () => tempDir('pushsim-restart-')

async function admin(sims: Sims, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sims.endpoints.admin}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
  expect(response.status, `${method} ${path}`).toBeLessThan(300)
  return (await response.json()) as any
}

/** Subscribes as each flavour in the given order (`firefox-v1`: no applicationServerKey). */
async function subscribeAll(sims: Sims, order: string[]): Promise<Made[]> {
  const made: Made[] = []
  for (const name of order) {
    const browser = name.replace(/-v1$/, '')
    const withKey = !name.endsWith('-v1')
    made.push(await admin(sims, 'POST', '/webpush/subscriptions', { browser, ...(withKey ? { applicationServerKey: sims.credentials.vapid.publicKey } : {}) }))
  }
  return made
}

async function apnsStatus(sims: Sims, credential: { keyId: string; teamId: string; key: string }): Promise<number> {
  const jwt = await new SignJWT({ iss: credential.teamId, iat: Math.floor(Date.now() / 1000) }).setProtectedHeader({ alg: 'ES256', kid: credential.keyId }).sign(await importPKCS8(credential.key, 'ES256'))
  const session = connect(sims.endpoints.apns, { ca: sims.tls.ca })
  try {
    return await new Promise<number>((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': `/3/device/${'ef'.repeat(32)}`, authorization: `bearer ${jwt}`, 'apns-topic': 'com.example.pushsim', 'apns-push-type': 'alert' })
      stream.on('response', (headers) => resolve(Number(headers[':status'])))
      stream.on('error', reject)
      stream.end('{"aps":{"alert":"hi"}}')
    })
  } finally {
    session.close()
  }
}

const prefixOfOneAnother = (a: string, b: string) => a.startsWith(b) || b.startsWith(a)

describe('two starts on one state directory with one seed', () => {
  it('draw no id, id prefix or key pair the registry holds, and keep the first run’s credentials working', async () => {
    const stateDir = freshDir()
    const first = await startTestSimulators({ stateDir, seed: 'same-seed' })
    const before = await subscribeAll(first, ['firefox-v1', 'chrome', 'kaios', 'safari'])
    const apnsBefore = await admin(first, 'POST', '/apns/credentials', {})
    const fcmBefore = await admin(first, 'POST', '/fcm/credentials', {})
    await first.close()

    const second = await startTestSimulators({ stateDir, seed: 'same-seed' })
    try {
      // Safari first: before the fix its id was the first 128 characters of the last run's first Firefox id.
      const after = await subscribeAll(second, ['safari', 'firefox-v1', 'kaios', 'chrome'])
      for (const old of before) {
        expect((await admin(second, 'GET', `/webpush/subscriptions/${old.id}`)).subscription).toEqual(old.subscription)
        for (const made of after) {
          expect(prefixOfOneAnother(made.id, old.id), `${made.id} / ${old.id}`).toBe(false)
          // Not merely different: not drawn from the same bytes either.
          expect(made.id.slice(1, 60)).not.toBe(old.id.slice(1, 60))
        }
      }
      const keys = [...before, ...after].flatMap((made) => [made.subscription.keys.p256dh, made.subscription.keys.auth])
      expect(new Set(keys).size).toBe(keys.length)

      const apnsAfter = await admin(second, 'POST', '/apns/credentials', {})
      expect(apnsAfter.keyId).not.toBe(apnsBefore.keyId)
      // The first run's .p8 was neither overwritten nor unregistered.
      expect(readFileSync(apnsBefore.keyPath, 'utf8')).toBe(apnsBefore.key)
      expect(await apnsStatus(second, apnsBefore)).toBe(200)
      expect(await apnsStatus(second, apnsAfter)).toBe(200)

      const fcmAfter = await admin(second, 'POST', '/fcm/credentials', {})
      expect(fcmAfter.clientEmail).not.toBe(fcmBefore.clientEmail)
      expect(fcmAfter.path).not.toBe(fcmBefore.path)
      const account = { ...(JSON.parse(readFileSync(fcmBefore.path, 'utf8')) as { private_key: string }), token_uri: second.endpoints.oauthToken }
      expect(account.private_key).toBe(fcmBefore.serviceAccount.private_key)
      expect(await fetchFcmAccessToken(account as never)).toMatch(/^ya29\./)
    } finally {
      await second.close()
    }

    // Reproducibility is kept: the same seed on a fresh directory gives the first run's ids and keys again.
    const replay = await startTestSimulators({ stateDir: freshDir(), seed: 'same-seed' })
    try {
      const again = await subscribeAll(replay, ['firefox-v1', 'chrome', 'kaios', 'safari'])
      expect(again.map((made) => [made.id, made.subscription.keys])).toEqual(before.map((made) => [made.id, made.subscription.keys]))
    } finally {
      await replay.close()
    }
  })
})
