import { describe, expect, it } from 'vitest'
import type { Outcome, SimRequest } from '../../kernel/exchange.ts'
import { buildRequest } from '../../kernel/request.ts'
import { createRng } from '../../kernel/rng.ts'
import { AUTHORITY, harness, SERVER_KEY, subscribe } from './test-support.ts'

/** handle() answers every input synchronously, in the flavour's own form, and never throws. */
describe('handle() on hostile input', () => {
  const h = harness()
  const subs = (['chrome', 'firefox', 'kaios', 'safari'] as const).map((browser) => subscribe(h, browser))
  const firefoxV1 = subscribe(h, 'firefox', false)
  const paths = [
    ...subs.map((s) => new URL(s.subscription.endpoint).pathname),
    new URL(firefoxV1.subscription.endpoint).pathname,
    '/', '', '//', '/wp/', '/wpush/', '/wpush/v2/', '/kaios/wpush/v9/x', '/safari/%00', '/wp/\u0000', `/wp/${'a'.repeat(10_000)}`,
  ]
  const authorizations = [
    undefined, '', ' ', 'vapid', 'vapid ', 'vapid t=, k=', 'vapid t=e30.e30.e30, k=' + SERVER_KEY.publicKey,
    'vapid t=.., k=' + SERVER_KEY.publicKey, 'vapid t=bm90IGpzb24.bm90IGpzb24.AAAA, k=' + SERVER_KEY.publicKey,
    'WebPush ', 'bearer x', 'key=', 'vapid t=a.b.c, k=' + 'A'.repeat(87), 'vapid k==, t==',
  ]
  const encodings = [undefined, '', 'aes128gcm', 'aesgcm', 'AES128GCM', 'aes128gcm, aesgcm']
  const rng = createRng('hostile')

  function hostile(i: number): SimRequest {
    const pick = <T>(list: readonly T[]): T => list[rng.uint32() % list.length]!
    const headers: Record<string, string> = {}
    const set = (name: string, value: string | undefined) => {
      if (value !== undefined) headers[name] = value
    }
    set('authorization', pick(authorizations))
    set('content-encoding', pick(encodings))
    set('ttl', pick([undefined, '', '0', '-0', '+1', '1e3', '99999999999999999999999', 'NaN']))
    set('urgency', pick([undefined, '', 'high', 'low, high']))
    set('topic', pick([undefined, '', '=', 'é', 'x'.repeat(40)]))
    set('encryption', pick([undefined, '', ';;', 'salt=', 'salt="=="', 'a=b,c']))
    set('crypto-key', pick([undefined, '', 'dh=', 'p256ecdsa=' + SERVER_KEY.publicKey, ',;=']))
    const body = pick([Buffer.alloc(0), rng.bytes(1), rng.bytes(85), rng.bytes(86), rng.bytes(200), rng.bytes(6000)])
    const request = buildRequest({ method: pick(['POST', 'GET', 'post', 'DELETE']), path: pick(paths), authority: AUTHORITY, headers, body })
    return i % 7 === 0 ? { ...request, bodyOverflow: true, bodyLength: body.length + 1_000_000 } : request
  }

  it('answers 2000 random malformed requests', () => {
    const statuses = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const outcome = h.core.handle(hostile(i))
      expect(outcome).not.toBeInstanceOf(Promise)
      const { response } = outcome as Outcome
      expect(response.status).toBeGreaterThanOrEqual(201)
      expect(response.status).not.toBe(500)
      statuses.add(response.status)
    }
    expect([...statuses].sort()).toEqual([400, 401, 403, 404, 405, 413])
  })

  it('turns an unexpected exception into the flavour\'s 500', () => {
    const exploding = new Proxy({}, { get: () => { throw new Error('boom') } })
    const answer = (path: string) => {
      const request = { ...buildRequest({ path, authority: AUTHORITY }), headers: exploding }
      const { response } = h.core.handle(request) as Outcome
      return [response.status, response.headers['content-type'], response.body]
    }
    expect(answer(new URL(subs[0]!.subscription.endpoint).pathname)).toEqual([500, 'text/plain; charset=utf-8', 'internal error.\n'])
    const autopush = answer(new URL(subs[1]!.subscription.endpoint).pathname)
    expect(autopush.slice(0, 2)).toEqual([500, 'application/json'])
    expect(JSON.parse(String(autopush[2]))).toEqual({
      code: 500,
      errno: 999,
      error: 'Internal Server Error',
      message: 'An internal error occurred',
      more_info: 'http://autopush.readthedocs.io/en/latest/http.html#error-codes',
    })
    expect(answer(new URL(subs[3]!.subscription.endpoint).pathname)).toEqual([500, 'application/json', '{"reason":"InternalServerError"}'])
  })
})
