import { describe, expect, it } from 'vitest'
import { CHANNELS, type Channel } from '../model/channel.ts'
import type { ProviderResult } from '../senders/sender.ts'
import { classify } from './classify.ts'
import { answer } from './test-responses.ts'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const transport = (error: Extract<ProviderResult, { kind: 'transport-error' }>['error'], message = 'socket closed'): ProviderResult => ({ kind: 'transport-error', error, message })

describe('classify', () => {
  it('routes each channel to its provider family', () => {
    // The same 410 reads differently per family (hand-derived from each table).
    const gone = answer(410, '')
    const expected: Record<Channel, string> = {
      apns: 'DeviceTokenInactiveForTopic',
      fcm: 'gcm_others',
      'webpush-chrome': 'browser_unsubscribed',
      'webpush-firefox': 'token_invalid',
      'webpush-kaios': 'token_invalid',
      'webpush-safari': 'token_invalid',
    }
    for (const channel of CHANNELS) expect(classify(channel, gone, NOW)).toMatchObject({ outcome: 'error', code: expected[channel] })
  })

  it.each([
    ['apns', 'apns_unknown'],
    ['fcm', 'fcm_internal_server_error'],
    ['webpush-chrome', 'fcm_internal_server_error'],
    ['webpush-firefox', 'dispatch_failed'],
    ['webpush-kaios', 'dispatch_failed'],
    ['webpush-safari', 'dispatch_failed'],
  ] as const)('a transport failure on %s is transient %s', (channel, code) => {
    for (const error of ['connect-timeout', 'read-timeout', 'reset', 'refused-stream', 'goaway', 'connection'] as const) {
      expect(classify(channel, transport(error), NOW)).toEqual({ outcome: 'error', code, class: 'transient', action: 'retry' })
    }
  })

  it('reads an APNs GOAWAY by the reason in its debug data', () => {
    expect(classify('apns', transport('goaway', 'GOAWAY NO_ERROR debug {"reason":"BadCertificate"}'), NOW)).toEqual({ outcome: 'error', code: 'apns_auth_error', class: 'configuration', action: 'fail' })
    expect(classify('apns', transport('goaway', '{"reason":"Shutdown"}'), NOW)).toMatchObject({ code: 'ServerUnavailable', class: 'transient' })
    expect(classify('apns', transport('goaway', 'debug {"reason":"Nonsense"}'), NOW)).toMatchObject({ code: 'apns_unknown', class: 'transient' })
    // As the APNs sender words a stream above the GOAWAY's last stream id.
    const unprocessed = (reason: string) => transport('goaway', `stream 1 not processed after GOAWAY (code 0, last stream 0) {"reason":"${reason}"}`)
    expect(classify('apns', unprocessed('ExpiredProviderToken'), NOW)).toMatchObject({ code: 'apns_auth_error', class: 'credentials', action: 'refresh-credential-and-retry' })
    expect(classify('apns', unprocessed('IdleTimeout'), NOW)).toMatchObject({ code: 'apns_unknown', class: 'transient' })
    // Only a GOAWAY carries APNs' debug data.
    expect(classify('apns', transport('reset', '{"reason":"BadCertificate"}'), NOW)).toMatchObject({ code: 'apns_unknown', class: 'transient' })
  })

  it('reads the FCM token endpoint’s refusal as an invalid key, but its 429/5xx as transient (found by the oracle: an outage of the endpoint failed every FCM delivery)', () => {
    const fromTokenEndpoint = (status: number, headers: Record<string, string> = {}) => answer(status, { error: 'x' }, { 'x-dispatcher-source': 'oauth2-token-endpoint', ...headers })
    expect(classify('fcm', fromTokenEndpoint(400), NOW)).toMatchObject({ code: 'gcm_ia', class: 'configuration' })
    expect(classify('fcm', fromTokenEndpoint(503, { 'retry-after': '2' }), NOW)).toMatchObject({ code: 'fcm_internal_server_error', class: 'transient', retryAfterMs: 2_000 })
    expect(classify('fcm', fromTokenEndpoint(429), NOW)).toMatchObject({ class: 'transient' })
  })

  it('measures Retry-After in seconds', () => {
    const result = answer(429, { reason: 'TooManyRequests' }, { 'Retry-After': '7' })
    expect(classify('apns', result, NOW)).toMatchObject({ code: 'apns_toomany_same_token', retryAfterMs: 7_000 })
  })

  it('measures a Retry-After HTTP-date from the response Date', () => {
    const result = answer(503, { code: 503, errno: 201 }, { date: 'Thu, 01 Jan 2026 12:00:00 GMT', 'retry-after': 'Thu, 01 Jan 2026 12:02:00 GMT' })
    expect(classify('webpush-firefox', result, NOW + 999_999)).toMatchObject({ code: 'server_issue', retryAfterMs: 120_000 })
  })

  it('measures a Retry-After HTTP-date from now when there is no Date header', () => {
    const result = answer(503, '', { 'retry-after': 'Thu, 01 Jan 2026 12:00:30 GMT' })
    expect(classify('fcm', result, NOW)).toMatchObject({ code: 'fcm_internal_server_error', retryAfterMs: 30_000 })
  })

  it('leaves retryAfterMs out when there is none', () => {
    expect(classify('webpush-safari', answer(503, { reason: 'ServiceUnavailable' }), NOW)).not.toHaveProperty('retryAfterMs')
  })

  it('never throws on odd bodies', () => {
    const odd = ['null', '[]', '"text"', '{"reason":5}', '{"errno":"104"}', '{"error":[]}', '\u0000', '{']
    for (const channel of CHANNELS) {
      for (const body of odd) expect(classify(channel, answer(400, body), NOW)).toMatchObject({ outcome: 'error' })
    }
  })
})
