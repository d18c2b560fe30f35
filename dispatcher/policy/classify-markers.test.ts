import { describe, expect, it } from 'vitest'
import { classify } from './classify.ts'

describe('results that never reached the provider’s send API', () => {
  it('a request the sender refused to send is a configuration failure, not retried', () => {
    for (const channel of ['apns', 'fcm', 'webpush-chrome'] as const) {
      expect(classify(channel, { kind: 'transport-error', error: 'connection', message: 'not sent: subscription keys are not valid P-256/auth values' }, 0)).toEqual({
        outcome: 'error',
        code: 'credentials_not_found',
        class: 'configuration',
        action: 'fail',
      })
    }
  })

  it('a refusal from Google’s token endpoint is an invalid FCM credential (gcm_ia), not a bad message', () => {
    const refused = { kind: 'response' as const, status: 400, headers: { 'x-dispatcher-source': 'oauth2-token-endpoint' }, body: '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}' }
    expect(classify('fcm', refused, 0)).toEqual({ outcome: 'error', code: 'gcm_ia', class: 'configuration', action: 'fail' })
  })

  it('an ordinary connection failure stays transient', () => {
    expect(classify('fcm', { kind: 'transport-error', error: 'connection', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 0)).toMatchObject({ class: 'transient', action: 'retry' })
  })
})
