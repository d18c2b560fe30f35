import { describe, expect, it } from 'vitest'
import { harness, ORIGIN, push, SERVER_KEY, subscribe } from './test-support.ts'

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
    expect(restored.core.exportState()).toEqual(exported)
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
