/**
 * Test helpers shared by the webpush unit tests (not itself a test file).
 * Builds VAPID JWTs with arbitrary claims, structurally valid bodies, and
 * requests through the kernel's buildRequest.
 */
import { createPrivateKey, sign } from 'node:crypto'
import { expect } from 'vitest'
import { manualClock, type ManualClock } from '../../kernel/clock.ts'
import type { Outcome } from '../../kernel/exchange.ts'
import { buildRequest, type RequestInit } from '../../kernel/request.ts'
import { createRng } from '../../kernel/rng.ts'
import { createWebPushCore } from './core.ts'
import type { Browser, SubscriptionInfo, WebPushCore } from './types.ts'

/** Two application-server key pairs (raw base64url, as web-push's generateVAPIDKeys gives them). */
export const SERVER_KEY = {
  publicKey: 'BL2rKEOhjrtDlhlDu0G5SS_54Vyi9TdMs6zHTnyiJ1teKrUc9eXaFp5lwR-zmrB1APe0TMVDDJ4YnxExLGMOfLU',
  privateKey: 'HVG_IAUIWOI_Z0FxWYthpzKkEmF0tRWXjIgVbVcYLx0',
}
export const OTHER_SERVER_KEY = {
  publicKey: 'BAWeicecyn3Z7rT05XRAHrip2NtViADP8D9TxuO20GFzlcIFb9PowEOgZpag_Svl2iP_tbha3OA9kC6eIVye6Ig',
  privateKey: 'lkqfCOPXjfP4rQrWTv1MqC9VD4hvu3XNe1vakLTKrdY',
}

/**
 * RFC 8291 Appendix A, all base64url as the RFC gives them: the user agent's
 * keys and auth secret, the application server's public key (the body's
 * keyid), the salt, and the encrypted message (header, then one record).
 */
export const RFC8291 = {
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
} as const

export const ORIGIN = 'https://push.example.test'
export const AUTHORITY = 'push.example.test'

export interface Harness {
  core: WebPushCore
  clock: ManualClock
  /** Seconds since the epoch on the harness clock. */
  nowSeconds(): number
}

export function harness(startMs?: number): Harness {
  const clock = manualClock(startMs)
  const core = createWebPushCore({ clock, rng: createRng('test') })
  return { core, clock, nowSeconds: () => Math.floor(clock.now() / 1000) }
}

export function subscribe(h: Harness, browser: Browser, withKey = true): SubscriptionInfo {
  const result = h.core.subscribe({ browser, origin: ORIGIN, ...(withKey ? { applicationServerKey: SERVER_KEY.publicKey } : {}) })
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** Signs any header and claims with ES256 (raw r‖s), so tests can produce every kind of bad token. */
export function signJwt(claims: unknown, key = SERVER_KEY, header: unknown = { typ: 'JWT', alg: 'ES256' }): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const signingInput = `${encode(header)}.${encode(claims)}`
  const signature = sign('sha256', Buffer.from(signingInput), { key: privateKeyObject(key), dsaEncoding: 'ieee-p1363' })
  return `${signingInput}.${signature.toString('base64url')}`
}

function privateKeyObject(pair: typeof SERVER_KEY) {
  const point = Buffer.from(pair.publicKey, 'base64url')
  return createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: pair.privateKey,
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  })
}

/** Claims a well-behaved sender would use at the harness time. */
export function goodClaims(h: Harness, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { aud: ORIGIN, exp: h.nowSeconds() + 12 * 3600, sub: 'mailto:ops@example.com', ...overrides }
}

export function vapid(token: string, key = SERVER_KEY.publicKey): string {
  return `vapid t=${token}, k=${key}`
}

/** A structurally valid aes128gcm body (RFC 8188 header + one record); not decryptable. */
export function aes128gcmBody(recordBytes = 32, recordSize = 4096): Buffer {
  const header = Buffer.alloc(86)
  header.writeUInt32BE(recordSize, 16)
  header[20] = 65
  header[21] = 0x04
  return Buffer.concat([header, Buffer.alloc(recordBytes, 7)])
}

export interface PushInit extends Partial<Omit<RequestInit, 'path'>> {
  path?: string
}

/** A push that passes every rule for `sub`, with fields overridable (use `undefined` to drop a header). */
export function push(h: Harness, sub: SubscriptionInfo, init: PushInit = {}, dropHeaders: string[] = []): Outcome {
  const headers: Record<string, string | string[]> = {
    ttl: '60',
    urgency: 'normal',
    'content-encoding': 'aes128gcm',
    authorization: vapid(signJwt(goodClaims(h))),
    ...init.headers,
  }
  for (const name of dropHeaders) delete headers[name]
  const request = buildRequest({
    method: init.method ?? 'POST',
    path: init.path ?? new URL(sub.subscription.endpoint).pathname,
    authority: init.authority ?? AUTHORITY,
    scheme: init.scheme ?? 'https',
    headers,
    body: init.body ?? aes128gcmBody(),
  })
  return h.core.handle(request) as Outcome
}

export function jsonBody(outcome: Outcome): unknown {
  return JSON.parse(String(outcome.response.body))
}

const REASON_PHRASES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 410: 'Gone', 413: 'Payload Too Large' }

/** Asserts an autopush error answer exactly: status, headers, JSON body and the ledger reason. */
export function expectAutopush(outcome: Outcome, status: number, errno: number | null, message: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (status === 410) headers['cache-control'] = 'max-age=86400'
  expect(outcome.response.status).toBe(status)
  expect(outcome.response.headers).toEqual(headers)
  expect(jsonBody(outcome)).toEqual({
    code: status,
    errno,
    error: REASON_PHRASES[status],
    message,
    more_info: 'http://autopush.readthedocs.io/en/latest/http.html#error-codes',
  })
  expect(outcome.note?.reason).toBe(errno === null ? 'urgency' : String(errno))
}

/** A fresh harness and one `browser` subscription (with an applicationServerKey unless `withKey` is false). */
export function setupFor(browser: Browser): (withKey?: boolean) => [Harness, SubscriptionInfo] {
  return (withKey = true) => {
    const h = harness()
    return [h, subscribe(h, browser, withKey)]
  }
}

/** A valid VAPID Authorization header for the harness origin, claims overridden as given. */
export function vapidAuth(h: Harness, claims: Record<string, unknown> = {}, key = SERVER_KEY): { authorization: string } {
  return { authorization: vapid(signJwt(goodClaims(h, claims), key), key.publicKey) }
}
