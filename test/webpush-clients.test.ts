/**
 * The Web Push simulator on its real TLS listener, driven by the npm
 * `web-push` library's own sendNotification: every flavour accepts a push
 * whose exact plaintext the ledger decrypts, answers 410 after the browser
 * unsubscribes, and refuses a push signed with another VAPID key.
 */
import { Agent } from 'node:https'
import webpush, { type WebPushError } from 'web-push'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, SubscriptionInfo } from '../simulators/providers/webpush/index.ts'
import { startTestSimulators } from './support/simulators.ts'

const PAYLOAD = JSON.stringify({ title: 'Order shipped', body: 'Grüße aus dem Simulator ✓' })
const SERVER_KEY = webpush.generateVAPIDKeys()
const OTHER_KEY = webpush.generateVAPIDKeys()
const SUBJECT = 'mailto:ops@example.com'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let agent: Agent

beforeAll(async () => {
  sims = await startTestSimulators()
  agent = new Agent({ ca: sims.tls.ca, keepAlive: true })
})

afterAll(async () => {
  agent?.destroy()
  await sims?.stop()
})

function subscribe(browser: Browser): SubscriptionInfo {
  const result = sims.webpush.subscribe({ browser, origin: sims.endpoints.webpushTls, applicationServerKey: SERVER_KEY.publicKey })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function send(sub: SubscriptionInfo, options: { key?: typeof SERVER_KEY; encoding?: 'aes128gcm' | 'aesgcm' } = {}) {
  return webpush.sendNotification(sub.subscription, PAYLOAD, {
    vapidDetails: { subject: SUBJECT, ...(options.key ?? SERVER_KEY) },
    contentEncoding: options.encoding ?? 'aes128gcm',
    TTL: 60,
    agent,
  })
}

async function refusal(promise: Promise<unknown>): Promise<WebPushError> {
  try {
    await promise
  } catch (error) {
    return error as WebPushError
  }
  throw new Error('expected the push to be refused')
}

function lastEntry(sub: SubscriptionInfo) {
  const entry = sims.ledger.query({ provider: 'webpush', target: sub.id, limit: 10_000 }).entries.at(-1)
  if (!entry) throw new Error(`no ledger entry for ${sub.id}`)
  return entry
}

const FLAVOURS: Browser[] = ['chrome', 'firefox', 'kaios', 'safari']

describe.each(FLAVOURS)('web-push sendNotification → %s over TLS', (browser) => {
  it.each(['aes128gcm', 'aesgcm'] as const)('delivers a %s push whose plaintext the ledger decrypts exactly', async (encoding) => {
    const sub = subscribe(browser)
    const result = await send(sub, { encoding })
    expect(result.statusCode).toBe(201)
    expect(result.body).toBe('')
    expect(result.headers['location']).toMatch(new RegExp(`^${sims.endpoints.webpushTls}/`))
    const entry = lastEntry(sub)
    expect(entry.flavour).toBe(browser)
    expect(entry.response.status).toBe(201)
    expect(entry.plaintext).toBe(PAYLOAD)
  })

  it('answers 410 once the browser has unsubscribed', async () => {
    const sub = subscribe(browser)
    sims.webpush.unsubscribe(sub.id)
    const error = await refusal(send(sub))
    expect(error.statusCode).toBe(410)
    expect({ body: error.body, reason: lastEntry(sub).reason }).toEqual(GONE[browser])
  })

  it('refuses a push signed with another VAPID key', async () => {
    const sub = subscribe(browser)
    const error = await refusal(send(sub, { key: OTHER_KEY }))
    expect([error.statusCode, error.body]).toEqual(MISMATCH[browser])
  })
})

const AUTOPUSH_GONE = {
  body: JSON.stringify({
    code: 410,
    errno: 103,
    error: 'Gone',
    message: 'UAID not found',
    more_info: 'http://autopush.readthedocs.io/en/latest/http.html#error-codes',
  }),
  reason: '103',
}
const GONE: Record<Browser, { body: string; reason: string }> = {
  chrome: { body: 'push subscription has unsubscribed or expired.\n', reason: 'gone:unsubscribed' },
  firefox: AUTOPUSH_GONE,
  kaios: AUTOPUSH_GONE,
  safari: { body: '{"reason":"Unregistered"}', reason: 'Unregistered' },
}

const AUTOPUSH_MISMATCH: [number, string] = [
  401,
  JSON.stringify({
    code: 401,
    errno: 109,
    error: 'Unauthorized',
    message: 'VAPID public key mismatch',
    more_info: 'http://autopush.readthedocs.io/en/latest/http.html#error-codes',
  }),
]
const MISMATCH: Record<Browser, [number, string]> = {
  chrome: [403, 'the VAPID credentials in the authorization header do not correspond to the credentials used to create the subscriptions.'],
  firefox: AUTOPUSH_MISMATCH,
  kaios: AUTOPUSH_MISMATCH,
  safari: [403, '{"reason":"VapidPkHashMismatch"}'],
}
