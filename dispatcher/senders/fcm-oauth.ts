import { importPKCS8, SignJWT } from 'jose'
import type { Dispatcher } from 'undici'
import type { ServiceAccount } from './config.ts'
import type { MintResult } from './credential-cache.ts'
import { httpExchange } from './http-exchange.ts'
import type { ProviderResult } from './sender.ts'

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging'
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
const ASSERTION_LIFETIME_S = 3600
/** Renew this long before Google's expires_in runs out. */
const RENEW_MARGIN_S = 60
/** (interpretation) Marks an answer of the token endpoint, so it is not read as an FCM send answer. */
export const OAUTH_SOURCE_HEADER = 'x-dispatcher-source'
export const OAUTH_SOURCE = 'oauth2-token-endpoint'

type SigningKey = Awaited<ReturnType<typeof importPKCS8>>

/**
 * The OAuth 2.0 JWT-bearer grant of a service account (protocols §2.1): an
 * RS256 assertion {iss, scope, aud: token_uri, iat, exp: iat + 1 h} posted
 * as a form to token_uri. A refusal comes back as that endpoint's answer.
 */
export async function fetchAccessToken(account: ServiceAccount, key: SigningKey, nowMs: number, dispatcher: Dispatcher): Promise<MintResult<string, ProviderResult>> {
  const iat = Math.floor(nowMs / 1000)
  const assertion = await new SignJWT({ scope: FCM_SCOPE })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(account.private_key_id ? { kid: account.private_key_id } : {}) })
    .setIssuer(account.client_email)
    .setAudience(account.token_uri)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_S)
    .sign(key)
  const form = new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString()
  const result = await httpExchange(account.token_uri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form }, dispatcher)
  if (result.kind !== 'response') return { ok: false, failure: result }
  const grant = result.status === 200 ? parseGrant(result.body) : undefined
  if (!grant) return { ok: false, failure: { ...result, headers: { ...result.headers, [OAUTH_SOURCE_HEADER]: OAUTH_SOURCE } } }
  return { ok: true, value: grant.accessToken, renewAt: nowMs + Math.max(0, grant.expiresInS - RENEW_MARGIN_S) * 1000 }
}

/** `{"access_token": "ya29.…", "expires_in": 3599, …}`; (interpretation) 1 h when expires_in is absent. */
function parseGrant(body: string): { accessToken: string; expiresInS: number } | undefined {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { access_token: accessToken, expires_in: expiresIn } = value as Record<string, unknown>
  if (typeof accessToken !== 'string' || accessToken === '') return undefined
  return { accessToken, expiresInS: typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : ASSERTION_LIFETIME_S }
}
