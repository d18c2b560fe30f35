import { describe, expect, it } from 'vitest'
import webpush from 'web-push'
import type { Outcome } from '../../kernel/exchange.ts'
import { buildRequest } from '../../kernel/request.ts'
import { harness, SERVER_KEY, type Harness } from './test-support.ts'
import type { Browser, SubscriptionInfo } from './types.ts'

/**
 * End to end through the real `web-push` library: its
 * generateRequestDetails builds the request (method, headers, body) that
 * handle() sees, and decrypt() must give back the exact plaintext.
 */
const PAYLOAD = JSON.stringify({ title: 'Grüße', body: 'pushsim ✓', n: 42 })
const vapidDetails = { subject: 'mailto:ops@example.com', ...SERVER_KEY }

interface Delivery {
  outcome: Outcome
  body: Buffer
}

function deliver(h: Harness, sub: SubscriptionInfo, encoding: 'aes128gcm' | 'aesgcm', withVapid = true): Delivery {
  const details = webpush.generateRequestDetails(sub.subscription, PAYLOAD, {
    ...(withVapid ? { vapidDetails } : {}),
    contentEncoding: encoding,
  })
  const url = new URL(details.endpoint)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(details.headers)) headers[name.toLowerCase()] = String(value)
  const request = buildRequest({ method: details.method, path: url.pathname, authority: url.host, scheme: 'https', headers, body: details.body })
  return { outcome: h.core.handle(request) as Outcome, body: details.body }
}

function decrypted(h: Harness, { outcome, body }: Delivery): string {
  const ref = outcome.note?.decrypt
  if (!ref) throw new Error(`no decrypt ref: ${outcome.response.status} ${String(outcome.response.body)}`)
  const result = h.core.decrypt(ref, body)
  if (!result.ok) throw new Error(result.error.message)
  return result.value.toString('utf8')
}

function subscribe(h: Harness, browser: Browser, withKey = true): SubscriptionInfo {
  const sub = h.core.subscribe({
    browser,
    origin: 'https://push.example.test',
    ...(withKey ? { applicationServerKey: SERVER_KEY.publicKey } : {}),
  })
  if (!sub.ok) throw new Error(sub.error.message)
  return sub.value
}

const FLAVOURS: Browser[] = ['chrome', 'firefox', 'kaios', 'safari']
const ENCODINGS = ['aes128gcm', 'aesgcm'] as const

describe.each(FLAVOURS)('web-push → %s', (browser) => {
  it.each(ENCODINGS)('accepts a VAPID %s push and decrypts it to the exact plaintext', (encoding) => {
    // web-push stamps exp from the real clock, so the harness runs on it too.
    const h = harness(Date.now())
    const sub = subscribe(h, browser)
    const delivery = deliver(h, sub, encoding)
    expect(delivery.outcome.response.status).toBe(201)
    expect(delivery.outcome.response.body).toBeUndefined()
    expect(delivery.outcome.note?.target).toBe(sub.id)
    expect(delivery.outcome.note?.flavour).toBe(browser)
    expect(delivery.outcome.note?.decrypt?.encoding).toBe(encoding)
    expect(decrypted(h, delivery)).toBe(PAYLOAD)
  })
})

describe.each(['firefox', 'kaios'] as const)('web-push → %s without VAPID (v1 endpoint)', (browser) => {
  it.each(ENCODINGS)('accepts an anonymous %s push and decrypts it', (encoding) => {
    const h = harness(Date.now())
    const sub = subscribe(h, browser, false)
    expect(sub.subscription.endpoint).toContain('/wpush/v1/')
    const delivery = deliver(h, sub, encoding, false)
    expect(delivery.outcome.response.status).toBe(201)
    expect(decrypted(h, delivery)).toBe(PAYLOAD)
  })
})

describe('web-push with a different VAPID key', () => {
  it('is refused by every flavour with its own mismatch answer', () => {
    const h = harness(Date.now())
    const other = webpush.generateVAPIDKeys()
    const answers = FLAVOURS.map((browser) => {
      const sub = subscribe(h, browser)
      const details = webpush.generateRequestDetails(sub.subscription, PAYLOAD, {
        vapidDetails: { subject: 'mailto:ops@example.com', ...other },
      })
      const url = new URL(details.endpoint)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(details.headers)) headers[name.toLowerCase()] = String(value)
      const outcome = h.core.handle(
        buildRequest({ path: url.pathname, authority: url.host, headers, body: details.body }),
      ) as Outcome
      return [browser, outcome.response.status, outcome.note?.reason]
    })
    expect(answers).toEqual([
      ['chrome', 403, 'auth:key-mismatch'],
      ['firefox', 401, '109'],
      ['kaios', 401, '109'],
      ['safari', 403, 'VapidPkHashMismatch'],
    ])
  })
})
