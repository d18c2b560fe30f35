import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildRequest } from '../../kernel/index.ts'
import {
  accessToken,
  CLIENT_EMAIL,
  json,
  KEY_ID,
  KEYS,
  OTHER_KEYS,
  outcomeOf,
  postForm,
  PROJECT,
  setup,
  signAssertion,
} from './test-support.ts'

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
const NOW = Math.floor(Date.UTC(2026, 0, 1) / 1000)
const LIFETIME =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.'

const grant = (assertion: string, path?: string) => postForm(setup().fcm, { grant_type: GRANT, assertion }, path)
const grantError = (error: string, error_description: string) => ({ error, error_description })

describe('OAuth token endpoint: success', () => {
  it('issues a ya29 access token with expires_in = ttl - 1, as Google does', () => {
    const { response, note } = grant(signAssertion())
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-cache, no-store, max-age=0, must-revalidate')
    const body = json(response) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['access_token', 'expires_in', 'token_type'])
    expect(body.access_token).toMatch(/^ya29\.[A-Za-z0-9_-]{100,}$/)
    expect(body).toMatchObject({ expires_in: 3599, token_type: 'Bearer' })
    expect(note).toEqual({ target: '', flavour: PROJECT, credentials: true })
  })

  it('derives expires_in from accessTokenTtlSeconds', () => {
    const { fcm } = setup({ accessTokenTtlSeconds: 600 })
    const { response } = postForm(fcm, { grant_type: GRANT, assertion: signAssertion() })
    expect(json(response)).toMatchObject({ expires_in: 599 })
  })

  it('draws tokens from the seeded rng: two runs with one seed issue the same token', () => {
    expect(accessToken(setup().fcm)).toBe(accessToken(setup().fcm))
  })

  it.each(['/token', '/oauth2/v4/token', '/o/oauth2/token'])('serves %s', (path) => {
    expect(grant(signAssertion(), path).response.status).toBe(200)
  })

  it.each(['https://www.googleapis.com/oauth2/v4/token', 'https://accounts.google.com/o/oauth2/token'])(
    'accepts the legacy audience %s',
    (aud) => {
      expect(grant(signAssertion({ claims: { aud } })).response.status).toBe(200)
    },
  )

  it("accepts the request's own URL as audience", () => {
    const { fcm } = setup()
    const body = new URLSearchParams({ grant_type: GRANT, assertion: signAssertion({ claims: { aud: 'http://127.0.0.1:7773/token' } }) })
    const request = buildRequest({ path: '/token?x=1', scheme: 'http', authority: '127.0.0.1:7773', body: body.toString() })
    expect(outcomeOf(fcm.handle(request)).response.status).toBe(200)
  })

  it('accepts a kid equal to the registered privateKeyId', () => {
    const { fcm } = setup()
    fcm.registerServiceAccount({ clientEmail: CLIENT_EMAIL, projectId: PROJECT, key: KEYS.privateKey, privateKeyId: KEY_ID })
    const outcome = postForm(fcm, { grant_type: GRANT, assertion: signAssertion({ header: { alg: 'RS256', kid: KEY_ID } }) })
    expect(outcome.response.status).toBe(200)
  })

  it('accepts a JSON body too', () => {
    const { fcm } = setup()
    const body = JSON.stringify({ grant_type: GRANT, assertion: signAssertion() })
    const request = buildRequest({ path: '/token', headers: { 'content-type': 'application/json' }, body })
    expect(outcomeOf(fcm.handle(request)).response.status).toBe(200)
  })

  it('tolerates an iat up to 60 s ahead of the server clock', () => {
    expect(grant(signAssertion({ nowSeconds: NOW + 60 })).response.status).toBe(200)
  })
})

describe('OAuth token endpoint: refusals (400)', () => {
  const cases: [string, string, ReturnType<typeof grantError>][] = [
    ['signed by another key', signAssertion({ privateKey: OTHER_KEYS.privateKey }), grantError('invalid_grant', 'Invalid JWT Signature.')],
    ['not a JWT', 'not-a-jwt', grantError('invalid_grant', 'Invalid JWT Signature.')],
    ['with a tampered signature', `${signAssertion().slice(0, -4)}AAAA`, grantError('invalid_grant', 'Invalid JWT Signature.')],
    ['with alg HS256', signAssertion({ header: { alg: 'HS256' } }), grantError('invalid_grant', 'Invalid JWT Signature.')],
    ['from an unknown account', signAssertion({ claims: { iss: 'ghost@x.iam.gserviceaccount.com' } }), grantError('invalid_grant', 'Invalid grant: account not found')],
    ['for another audience', signAssertion({ claims: { aud: 'https://example.com/token' } }), grantError('invalid_grant', 'Invalid JWT: Failed audience check.')],
    ['living longer than an hour', signAssertion({ claims: { exp: NOW + 3601 } }), grantError('invalid_grant', LIFETIME)],
    ['already expired', signAssertion({ nowSeconds: NOW - 3661 }), grantError('invalid_grant', LIFETIME)],
    ['issued in the future', signAssertion({ nowSeconds: NOW + 61 }), grantError('invalid_grant', LIFETIME)],
    ['without iat', signAssertion({ claims: { iat: undefined } }), grantError('invalid_grant', LIFETIME)],
    ['without scope', signAssertion({ claims: { scope: undefined } }), grantError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.')],
    ['with an empty scope', signAssertion({ claims: { scope: ' ' } }), grantError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.')],
  ]

  it.each(cases)('refuses an assertion %s', (_, assertion, expected) => {
    const { response, note } = grant(assertion)
    expect(response.status).toBe(400)
    expect(json(response)).toEqual(expected)
    expect(note).toEqual({ target: '', flavour: '', reason: expected.error, credentials: true })
  })

  it('refuses a kid that differs from the registered privateKeyId', () => {
    const { fcm } = setup()
    fcm.registerServiceAccount({ clientEmail: CLIENT_EMAIL, projectId: PROJECT, key: KEYS.publicKey, privateKeyId: KEY_ID })
    const { response } = postForm(fcm, { grant_type: GRANT, assertion: signAssertion({ header: { alg: 'RS256', kid: 'other' } }) })
    expect(json(response)).toEqual(grantError('invalid_grant', 'Invalid JWT Signature.'))
  })

  it('refuses an assertion once the clock passed its exp', () => {
    const { fcm, clock } = setup()
    clock.advance(3661_000)
    const { response } = postForm(fcm, { grant_type: GRANT, assertion: signAssertion() })
    expect(json(response)).toEqual(grantError('invalid_grant', LIFETIME))
  })

  it('refuses another grant type, echoing it', () => {
    const { response } = postForm(setup().fcm, { grant_type: 'refresh_token', refresh_token: 'x' })
    expect(response.status).toBe(400)
    expect(json(response)).toEqual(grantError('unsupported_grant_type', 'Invalid grant_type: refresh_token'))
  })

  it('refuses a body without grant_type (binary garbage included)', () => {
    const { fcm } = setup()
    const outcome = outcomeOf(fcm.handle(buildRequest({ path: '/token', body: Buffer.from([0xff, 0x00, 0x26, 0x3d]) })))
    expect(outcome.response.status).toBe(400)
    expect(json(outcome.response)).toEqual(grantError('unsupported_grant_type', 'Invalid grant_type: '))
  })

  it('refuses a grant without assertion', () => {
    const { response } = postForm(setup().fcm, { grant_type: GRANT })
    expect(json(response)).toEqual(grantError('invalid_request', 'Missing required parameter: assertion'))
  })
})

describe('service account registry', () => {
  it('accepts a PKCS#8 private key and reports the account without key material', () => {
    const { fcm } = setup()
    const result = fcm.registerServiceAccount({ clientEmail: 'b@p2.iam.gserviceaccount.com', projectId: 'p2', key: KEYS.privateKey, privateKeyId: 'k1' })
    expect(result).toEqual({ ok: true, value: { clientEmail: 'b@p2.iam.gserviceaccount.com', projectId: 'p2', privateKeyId: 'k1' } })
    expect(fcm.listServiceAccounts()).toEqual([
      { clientEmail: CLIENT_EMAIL, projectId: PROJECT, privateKeyId: null },
      { clientEmail: 'b@p2.iam.gserviceaccount.com', projectId: 'p2', privateKeyId: 'k1' },
    ])
  })

  it.each([
    ['a non-PEM key', { key: 'nope' }, 'key must be a PEM RSA public key (SPKI) or private key (PKCS#8)'],
    ['an EC key', { key: generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }).publicKey }, 'key must be a PEM RSA public key (SPKI) or private key (PKCS#8)'],
    ['a bad email', { clientEmail: 'nobody' }, 'clientEmail must be an email address'],
    ['a bad project', { projectId: 'a/b' }, 'projectId "a/b" is not a project id'],
    ['an empty privateKeyId', { privateKeyId: '' }, 'privateKeyId must be a non-empty string when given'],
  ])('refuses %s', (_, patch, reason) => {
    const input = { clientEmail: CLIENT_EMAIL, projectId: PROJECT, key: KEYS.publicKey, ...patch }
    expect(setup().fcm.registerServiceAccount(input)).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: `Failed to register service account: ${reason}` },
    })
  })

  it('forgets accounts on reset', () => {
    const { fcm } = setup()
    fcm.reset()
    expect(fcm.listServiceAccounts()).toEqual([])
    expect(json(postForm(fcm, { grant_type: GRANT, assertion: signAssertion() }).response)).toEqual(
      grantError('invalid_grant', 'Invalid grant: account not found'),
    )
  })
})
