import { describe, expect, it } from 'vitest'
import { aes128gcmBody, harness, ORIGIN, push, RFC8291, SERVER_KEY, subscribe } from './test-support.ts'
import type { SubscriptionInfo } from './types.ts'

describe('subscribe', () => {
  it('gives each flavour its endpoint shape and fresh user-agent keys', () => {
    const h = harness()
    const shapes = {
      chrome: subscribe(h, 'chrome'),
      firefoxV2: subscribe(h, 'firefox'),
      firefoxV1: subscribe(h, 'firefox', false),
      kaiosV2: subscribe(h, 'kaios'),
      kaiosV1: subscribe(h, 'kaios', false),
      safari: subscribe(h, 'safari'),
    }
    expect(shapes.chrome.subscription.endpoint).toBe(`${ORIGIN}/wp/${shapes.chrome.id}`)
    expect(shapes.firefoxV2.subscription.endpoint).toBe(`${ORIGIN}/wpush/v2/${shapes.firefoxV2.id}`)
    expect(shapes.firefoxV1.subscription.endpoint).toBe(`${ORIGIN}/wpush/v1/${shapes.firefoxV1.id}`)
    expect(shapes.kaiosV2.subscription.endpoint).toBe(`${ORIGIN}/kaios/wpush/v2/${shapes.kaiosV2.id}`)
    expect(shapes.kaiosV1.subscription.endpoint).toBe(`${ORIGIN}/kaios/wpush/v1/${shapes.kaiosV1.id}`)
    expect(shapes.safari.subscription.endpoint).toBe(`${ORIGIN}/safari/${shapes.safari.id}`)
    for (const info of Object.values(shapes)) {
      expect(info.id).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(Buffer.from(info.subscription.keys.p256dh, 'base64url')).toHaveLength(65)
      expect(Buffer.from(info.subscription.keys.auth, 'base64url')).toHaveLength(16)
      expect(info.subscription.expirationTime).toBeNull()
      expect(info.state).toBe('active')
      expect(info.createdAt).toBe(h.clock.now())
    }
    expect(new Set(Object.values(shapes).map((info) => info.id)).size).toBe(6)
    expect(shapes.firefoxV1.applicationServerKey).toBeNull()
    expect(shapes.chrome.applicationServerKey).toBe(SERVER_KEY.publicKey)
  })

  it('is reproducible from the seed', () => {
    const first = subscribe(harness(), 'chrome')
    const second = subscribe(harness(), 'chrome')
    expect(second).toEqual(first)
  })

  it('normalises the origin and accepts a padded key', () => {
    const h = harness()
    const result = h.core.subscribe({ browser: 'firefox', origin: 'HTTPS://Push.Example.Test:443', applicationServerKey: `${SERVER_KEY.publicKey}=` })
    expect(result.ok && result.value.subscription.endpoint.startsWith('https://push.example.test/wpush/v2/')).toBe(true)
    expect(result.ok && result.value.applicationServerKey).toBe(SERVER_KEY.publicKey)
  })

  it.each([
    [{ browser: 'opera', origin: ORIGIN }, 'Failed to subscribe: unknown browser "opera"'],
    [{ browser: 'firefox', origin: 'https://x.test/path' }, 'Failed to subscribe: origin "https://x.test/path" is not scheme://host[:port]'],
    [{ browser: 'firefox', origin: 'ftp://x.test' }, 'Failed to subscribe: origin "ftp://x.test" is not scheme://host[:port]'],
    [{ browser: 'chrome', origin: ORIGIN }, 'Failed to subscribe: chrome subscriptions need an applicationServerKey'],
    [{ browser: 'safari', origin: ORIGIN }, 'Failed to subscribe: safari subscriptions need an applicationServerKey'],
    [
      { browser: 'firefox', origin: ORIGIN, applicationServerKey: 'BAAA' },
      'Failed to subscribe: applicationServerKey is not a base64url 65-byte uncompressed P-256 point',
    ],
  ])('refuses %j', (input, message) => {
    const result = harness().core.subscribe(input as never)
    expect(result.ok ? undefined : { code: result.error.code, message: result.error.message }).toEqual({ code: 'INVALID_ARGUMENT', message })
  })
})

describe('subscription lifecycle', () => {
  it('unsubscribes, expires, lists and removes', () => {
    const h = harness()
    const a = subscribe(h, 'firefox')
    const b = subscribe(h, 'safari')
    expect(h.core.unsubscribe(a.id)).toEqual({ ok: true, value: { ...a, state: 'unsubscribed' } })
    expect(h.core.unsubscribe(b.id, 'expired')).toEqual({ ok: true, value: { ...b, state: 'expired' } })
    expect(h.core.listSubscriptions().map((s) => s.state)).toEqual(['unsubscribed', 'expired'])
    expect(h.core.removeSubscription(a.id)).toEqual({ ok: true, value: undefined })
    expect(h.core.getSubscription(a.id)).toBeUndefined()
    expect(h.core.getSubscription(b.id)?.state).toBe('expired')
  })

  it('reports unknown ids as NOT_FOUND', () => {
    const h = harness()
    const codes = [h.core.unsubscribe('nope'), h.core.removeSubscription('nope')].map((r) => (r.ok ? 'ok' : r.error.code))
    expect(codes).toEqual(['NOT_FOUND', 'NOT_FOUND'])
  })

  it('hands out copies, so callers cannot change the registry', () => {
    const h = harness()
    const info = subscribe(h, 'firefox')
    info.state = 'expired'
    info.subscription.keys.auth = 'x'
    expect(h.core.getSubscription(info.id)?.state).toBe('active')
    expect(h.core.getSubscription(info.id)?.subscription.keys.auth).not.toBe('x')
  })

  it('reset forgets every subscription', () => {
    const h = harness()
    const sub = subscribe(h, 'chrome')
    h.core.reset()
    expect(h.core.listSubscriptions()).toEqual([])
    expect(push(h, sub).response.status).toBe(404)
  })
})

describe('exportState / importState', () => {
  it('round-trips every subscription, keys included', () => {
    const h = harness()
    subscribe(h, 'chrome')
    subscribe(h, 'firefox', false)
    const gone = subscribe(h, 'kaios')
    h.core.unsubscribe(gone.id)
    const exported = h.core.exportState()
    const restored = harness()
    expect(restored.core.importState(JSON.parse(JSON.stringify(exported)))).toEqual({ ok: true, value: 3 })
    expect(restored.core.listSubscriptions()).toEqual(h.core.listSubscriptions())
    // The same subscriptions, continued by the next generation of draws.
    expect(restored.core.exportState()).toEqual({ ...(exported as object), generation: 1 })
  })

  it('refuses a generation that is not a non-negative integer', () => {
    const result = harness().core.importState({ version: 1, generation: -1, subscriptions: [] })
    expect(result.ok ? undefined : result.error.message).toBe('Failed to import web push state: generation must be a non-negative integer')
  })

  it('replaces what was there', () => {
    const h = harness()
    subscribe(h, 'chrome')
    expect(h.core.importState({ version: 1, subscriptions: [] })).toEqual({ ok: true, value: 0 })
    expect(h.core.listSubscriptions()).toEqual([])
  })

  const base = () => {
    const h = harness()
    subscribe(h, 'firefox')
    return (h.core.exportState() as { subscriptions: Record<string, unknown>[] }).subscriptions[0]!
  }

  it.each([
    ['a non-document', () => 'x', 'expected {version: 1, subscriptions: [...]}'],
    ['an unknown browser', () => ({ ...base(), browser: 'opera' }), 'subscriptions[0]: unknown browser'],
    ['a foreign endpoint', () => ({ ...base(), endpoint: 'https://x.test/wp/abc' }), 'subscriptions[0]: endpoint does not match the id and browser'],
    [
      'a private key of another subscription',
      () => ({ ...base(), keys: { ...(base().keys as object), privateKey: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94' } }),
      'subscriptions[0]: privateKey is not the key of p256dh',
    ],
    [
      'a v2 endpoint without key',
      () => ({ ...base(), applicationServerKey: null }),
      'subscriptions[0]: endpoint version does not match the applicationServerKey',
    ],
  ])('refuses %s and keeps the registry', (_label, entry, reason) => {
    const h = harness()
    const kept = subscribe(h, 'chrome')
    const value = entry()
    const state = typeof value === 'string' ? value : { version: 1, subscriptions: [value] }
    const result = h.core.importState(state)
    expect(result.ok ? undefined : result.error.message).toBe(`Failed to import web push state: ${reason}`)
    expect(h.core.listSubscriptions()).toEqual([kept])
  })

  it('refuses duplicate ids', () => {
    const entry = base()
    const result = harness().core.importState({ version: 1, subscriptions: [entry, entry] })
    expect(result.ok ? undefined : result.error.message).toBe(`Failed to import web push state: subscriptions[1]: duplicate id ${String(entry.id)}`)
  })
})

describe('subscriptions with chosen keys and ids', () => {
  const rfcKeys = { p256dh: RFC8291.uaPublic, auth: RFC8291.authSecret, privateKey: RFC8291.uaPrivate }

  it('keeps the given keys and id, and opens RFC 8291 Appendix A with them', () => {
    const h = harness()
    const made = h.core.subscribe({ browser: 'firefox', origin: ORIGIN, id: 'rfc8291-appendix-a', keys: rfcKeys })
    expect(made).toEqual({
      ok: true,
      value: expect.objectContaining({
        id: 'rfc8291-appendix-a',
        subscription: { endpoint: `${ORIGIN}/wpush/v1/rfc8291-appendix-a`, expirationTime: null, keys: { p256dh: RFC8291.uaPublic, auth: RFC8291.authSecret } },
      }),
    })
    const opened = h.core.decrypt({ encoding: 'aes128gcm', subscriptionId: 'rfc8291-appendix-a' }, Buffer.from(RFC8291.body, 'base64url'))
    expect(opened.ok && opened.value.toString('utf8')).toBe(RFC8291.plaintext)
    // The private key persists with the subscription, so a restart still decrypts.
    const restored = harness()
    restored.core.importState(JSON.parse(JSON.stringify(h.core.exportState())))
    const reopened = restored.core.decrypt({ encoding: 'aes128gcm', subscriptionId: 'rfc8291-appendix-a' }, Buffer.from(RFC8291.body, 'base64url'))
    expect(reopened.ok && reopened.value.toString('utf8')).toBe(RFC8291.plaintext)
  })

  it('derives p256dh from the private key when it is left out', () => {
    const made = harness().core.subscribe({ browser: 'kaios', origin: ORIGIN, keys: { auth: RFC8291.authSecret, privateKey: RFC8291.uaPrivate } })
    expect(made.ok && made.value.subscription.keys).toEqual({ p256dh: RFC8291.uaPublic, auth: RFC8291.authSecret })
  })

  it('names every problem of the keys and id at once, quoting none of them', () => {
    const result = harness().core.subscribe({ browser: 'firefox', origin: ORIGIN, id: 'not/an id', keys: { p256dh: 'BAAA', auth: 'c2hvcnQ', privateKey: 'n0t*base64' } })
    expect(result.ok ? undefined : { code: result.error.code, message: result.error.message }).toEqual({
      code: 'INVALID_ARGUMENT',
      message:
        'Failed to subscribe: id: expected 1 to 400 base64url characters (A-Z a-z 0-9 - _); keys.privateKey: not base64url; keys.auth: expected 16 bytes (the auth secret), got 5; keys.p256dh: expected 65 bytes (an uncompressed P-256 point), got 3',
    })
    expect(result.ok ? '' : result.error.message).not.toContain('n0t*base64')
  })

  it.each([
    ['a private key of another public key', { ...rfcKeys, p256dh: SERVER_KEY.publicKey }, 'keys.privateKey: not the private key of keys.p256dh'],
    ['a private key of 31 bytes', { ...rfcKeys, privateKey: Buffer.alloc(31, 1).toString('base64url') }, 'keys.privateKey: expected 32 bytes (a P-256 private scalar), got 31'],
    ['a zero private key', { ...rfcKeys, privateKey: Buffer.alloc(32).toString('base64url') }, 'keys.privateKey: not a P-256 private key (zero, or not below the curve order)'],
    ['a p256dh off the curve', { ...rfcKeys, p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url') }, 'keys.p256dh: not a point on P-256'],
    ['keys without auth', { privateKey: RFC8291.uaPrivate }, 'keys.auth: required'],
    ['keys without private key', { p256dh: RFC8291.uaPublic, auth: RFC8291.authSecret }, 'keys.privateKey: required'],
  ])('refuses %s', (_label, keys, message) => {
    const result = harness().core.subscribe({ browser: 'firefox', origin: ORIGIN, keys: keys as never })
    expect(result.ok ? undefined : result.error.message).toBe(`Failed to subscribe: ${message}`)
  })

  it('refuses an id already taken with CONFLICT, and lets two subscriptions share given keys', () => {
    const h = harness()
    expect(h.core.subscribe({ browser: 'firefox', origin: ORIGIN, id: 'same', keys: rfcKeys }).ok).toBe(true)
    const again = h.core.subscribe({ browser: 'chrome', origin: ORIGIN, applicationServerKey: SERVER_KEY.publicKey, id: 'same' })
    expect(again.ok ? undefined : { code: again.error.code, message: again.error.message }).toEqual({ code: 'CONFLICT', message: 'Failed to subscribe: id same is already taken' })
    expect(h.core.subscribe({ browser: 'chrome', origin: ORIGIN, applicationServerKey: SERVER_KEY.publicKey, keys: rfcKeys }).ok).toBe(true)
  })
})

describe('drawn ids and keys never repeat what the registry holds', () => {
  const drawAll = (h: ReturnType<typeof harness>): SubscriptionInfo[] => [
    subscribe(h, 'safari'),
    subscribe(h, 'firefox', false),
    subscribe(h, 'chrome'),
    subscribe(h, 'kaios'),
    subscribe(h, 'firefox'),
    subscribe(h, 'kaios', false),
  ]
  const isPrefixPair = (a: string, b: string) => a !== b && (a.startsWith(b) || b.startsWith(a))

  it('gives each flavour and autopush version its own first character, so no id is a prefix of another', () => {
    const h = harness()
    const made = [...drawAll(h), ...drawAll(h)]
    expect(made.map((info) => info.id[0]).join('')).toBe('sfcl' + 'gk' + 'sfcl' + 'gk')
    for (const a of made) for (const b of made) expect(isPrefixPair(a.id, b.id), `${a.id} / ${b.id}`).toBe(false)
  })

  it('continues an imported state on fresh streams: the same seed after a restart repeats no id, prefix or key', () => {
    const first = harness()
    const before = drawAll(first)
    const restarted = harness()
    restarted.core.importState(JSON.parse(JSON.stringify(first.core.exportState())))
    const after = drawAll(restarted).reverse()
    const ids = [...before, ...after].map((info) => info.id)
    expect(new Set(ids).size).toBe(12)
    for (const a of before) for (const b of after) expect(isPrefixPair(a.id, b.id) || a.id.slice(1, 40) === b.id.slice(1, 40), `${a.id} / ${b.id}`).toBe(false)
    const keys = [...before, ...after].map((info) => info.subscription.keys.p256dh)
    expect(new Set(keys).size).toBe(12)
    // A fresh start with the same seed still replays the first run exactly.
    expect(drawAll(harness())).toEqual(before)
  })

  it('draws again when the drawn key pair is one a subscription already holds', () => {
    const exported = (() => {
      const h = harness()
      subscribe(h, 'firefox', false)
      return h.core.exportState() as { subscriptions: { keys: { p256dh: string; auth: string; privateKey: string } }[] }
    })()
    const firstDraw = exported.subscriptions[0]!.keys
    const h = harness()
    expect(h.core.subscribe({ browser: 'firefox', origin: ORIGIN, id: 'given', keys: firstDraw }).ok).toBe(true)
    const drawn = subscribe(h, 'firefox', false)
    expect(drawn.subscription.keys.p256dh).not.toBe(firstDraw.p256dh)
    // A push to the drawn subscription still decrypts with its own keys.
    expect(push(h, drawn, { body: aes128gcmBody() }, ['authorization']).response.status).toBe(201)
  })
})
