/**
 * renderWire: the per-exchange parts, and byte-for-byte agreement with the
 * wire builders the APNs and FCM cores answer with. (The web push cores' own
 * answers are compared in providers/webpush/catalogue-forms.test.ts: the
 * catalogue imports nothing of the providers.)
 */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../kernel/clock.ts'
import { createRng } from '../kernel/rng.ts'
import { findEntry, renderWire, type RenderContext, type WireSpec, type WireTarget } from './index.ts'
import { goneBody, reasonBody } from './wire/apns-reasons.ts'
import { fcmCannedError, type FcmCannedError } from './wire/fcm-canned-errors.ts'

const ctx = (target: WireTarget, extra: Partial<RenderContext> = {}): RenderContext => ({
  target,
  rng: createRng('render'),
  clock: manualClock(),
  ...extra,
})
const spec = (name: string, target: WireTarget): WireSpec => findEntry(name)!.wire[target]!
const respond = (wire: WireSpec, context: RenderContext) => {
  const rendered = renderWire(wire, context)
  if (rendered.kind !== 'respond') throw new Error(`expected a response, got ${rendered.kind}`)
  return rendered.response
}

describe('renderWire: per-exchange parts', () => {
  it('echoes the request’s apns-id on APNs and Apple web push, else draws one from the rng', () => {
    expect(respond(spec('BadDeviceToken', 'apns'), ctx('apns', { apnsId: 'req-id' })).headers['apns-id']).toBe('req-id')
    expect(respond(spec('BadDeviceToken', 'apns'), ctx('apns')).headers['apns-id']).toBe(createRng('render').uuid())
    expect(respond(spec('safari:BadJwtToken', 'safari'), ctx('safari')).headers['apns-id']).toBe(createRng('render').uuid())
    expect(respond(spec('UNREGISTERED', 'fcm'), ctx('fcm', { apnsId: 'x' })).headers).not.toHaveProperty('apns-id')
    expect(respond(spec('autopush:106', 'firefox'), ctx('firefox', { apnsId: 'x' })).headers).not.toHaveProperty('apns-id')
  })

  it('stamps APNs 410s with the clock’s epoch milliseconds', () => {
    const clock = manualClock(1_712_345_678_901)
    expect(respond(spec('Unregistered', 'apns'), ctx('apns', { clock })).body).toBe('{"reason":"Unregistered","timestamp":1712345678901}')
    clock.advance(1000)
    expect(respond(spec('ExpiredToken', 'apns'), ctx('apns', { clock })).body).toBe('{"reason":"ExpiredToken","timestamp":1712345679901}')
  })

  it('writes Retry-After in virtual seconds, rounded, and lets the context override the form', () => {
    const unavailable = spec('autopush:201', 'firefox')
    expect(respond(unavailable, ctx('firefox')).headers['retry-after']).toBe('120')
    expect(respond(unavailable, ctx('firefox', { retryAfterSeconds: 30 })).headers['retry-after']).toBe('30')
    expect(respond(unavailable, ctx('firefox', { retryAfterSeconds: 2.5 })).headers['retry-after']).toBe('3')
    expect(respond(unavailable, ctx('firefox', { retryAfterSeconds: -5 })).headers['retry-after']).toBe('0')
    expect(respond(spec('UNAVAILABLE', 'fcm'), ctx('fcm', { retryAfterSeconds: 10 })).headers['retry-after']).toBe('10')
    expect(respond(spec('UNAVAILABLE', 'fcm'), ctx('fcm'))).not.toHaveProperty('headers.retry-after')
  })

  it('never sets content-length (adapters do)', () => {
    expect(respond(spec('chrome:gone', 'chrome'), ctx('chrome')).headers).not.toHaveProperty('content-length')
  })

  it('passes connection-level forms through', () => {
    expect(renderWire(spec('dispatch_failed', 'safari'), ctx('safari'))).toEqual({ kind: 'reset' })
    expect(renderWire({ kind: 'hang' }, ctx('chrome'))).toEqual({ kind: 'hang' })
    expect(renderWire({ kind: 'goaway', code: 2 }, ctx('apns'))).toEqual({ kind: 'goaway', code: 2 })
  })

  it('renders a body-less form without a body, and a string body verbatim', () => {
    expect(respond({ kind: 'respond', status: 503, headers: { 'content-type': 'text/plain' } }, ctx('chrome'))).toEqual({
      status: 503,
      headers: { 'content-type': 'text/plain' },
    })
    expect(respond({ kind: 'respond', status: 400, body: 'as is' }, ctx('fcm')).body).toBe('as is')
  })

  it('does not share header objects between renders', () => {
    const first = respond(spec('BadDeviceToken', 'apns'), ctx('apns', { apnsId: 'a' }))
    first.headers['x-mutated'] = '1'
    expect(respond(spec('BadDeviceToken', 'apns'), ctx('apns', { apnsId: 'b' })).headers).toEqual({ 'content-type': 'application/json', 'apns-id': 'b' })
  })
})

describe('renderWire matches the provider cores byte for byte', () => {
  it('APNs: the reasons table’s bodies', () => {
    expect(respond(spec('BadTopic', 'apns'), ctx('apns')).body).toBe(reasonBody('BadTopic'))
    const clock = manualClock()
    expect(respond(spec('Unregistered', 'apns'), ctx('apns', { clock })).body).toBe(goneBody('Unregistered', clock.now()))
  })

  it.each([
    ['INVALID_ARGUMENT', 'INVALID_ARGUMENT'],
    ['UNREGISTERED', 'UNREGISTERED'],
    ['fcm:unregistered-apns', 'UNREGISTERED_APNS'],
    ['fcm:apns-token-disabled', 'APNS_TOKEN_DISABLED'],
    ['SENDER_ID_MISMATCH', 'SENDER_ID_MISMATCH'],
    ['THIRD_PARTY_AUTH_ERROR', 'THIRD_PARTY_AUTH_ERROR'],
    ['fcm:permission-denied', 'PERMISSION_DENIED'],
    ['fcm:api-disabled', 'API_DISABLED'],
    ['INTERNAL', 'INTERNAL'],
    ['UNAVAILABLE', 'UNAVAILABLE'],
    ['UNSPECIFIED_ERROR', 'UNSPECIFIED_ERROR'],
  ] as const)('FCM: %s is fcmCannedError(%s)', (name, canned) => {
    expect(respond(spec(name, 'fcm'), ctx('fcm'))).toEqual(fcmCannedError(canned as FcmCannedError))
  })

  it('FCM: pretty-printed with two spaces and a trailing newline', () => {
    expect(respond(spec('SENDER_ID_MISMATCH', 'fcm'), ctx('fcm')).body).toBe(
      '{\n  "error": {\n    "code": 403,\n    "message": "SenderId mismatch",\n    "status": "PERMISSION_DENIED",\n    "details": [\n      {\n        "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",\n        "errorCode": "SENDER_ID_MISMATCH"\n      }\n    ]\n  }\n}\n',
    )
  })
})
