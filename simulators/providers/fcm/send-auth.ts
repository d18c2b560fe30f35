import type { SimResponse } from '../../kernel/index.ts'
import type { AccessGrant, AccessTokenLookup, AccessTokenStore } from './access-tokens.ts'
import { GOOGLE_REALM as REALM, INSUFFICIENT_SCOPES, INVALID_CREDENTIALS, MISSING_CREDENTIALS, permissionDenied } from '../../catalogue/wire/fcm-texts.ts'
import { errorInfoDetail, googleError } from '../../catalogue/wire/google-error.ts'

/**
 * OAuth checks on `messages:send`, made before the body is read, as Google's
 * front end does (§2.6). The OAuth bodies carry an ErrorInfo and no FcmError
 * detail, so firebase-admin reports them as `messaging/third-party-auth-error`.
 */
export type SendAuth = { ok: true; grant: AccessGrant } | { ok: false; response: SimResponse; reason: string }

const BEARER = /^bearer\s+(\S+)\s*$/i

const unauthenticated = (message: string, reason: string, challenge: string): SendAuth => ({
  ok: false,
  reason,
  response: googleError(401, 'UNAUTHENTICATED', message, [errorInfoDetail(reason)], { 'www-authenticate': challenge }),
})

export function authenticateSend(authorization: string | undefined, project: string, tokens: AccessTokenStore): SendAuth {
  // [unverified] reason CREDENTIALS_MISSING (§2.6).
  if (authorization === undefined || authorization.trim() === '') {
    return unauthenticated(MISSING_CREDENTIALS, 'CREDENTIALS_MISSING', REALM)
  }
  // Another scheme (a legacy `key=…`, Basic…) is a credential of a type Google does not take here.
  const bearer = BEARER.exec(authorization)
  const lookup: AccessTokenLookup = bearer ? tokens.lookup(bearer[1]!) : { kind: 'unknown' }
  // [obs: PyFCM#334] exactly §2.6's body.
  if (lookup.kind === 'expired') return unauthenticated(INVALID_CREDENTIALS, 'ACCESS_TOKEN_EXPIRED', `${REALM}, error="invalid_token"`)
  // [interp] Google's reason for a bearer string it did not issue (an API key, an ID token, garbage).
  if (lookup.kind === 'unknown') return unauthenticated(INVALID_CREDENTIALS, 'ACCESS_TOKEN_TYPE_UNSUPPORTED', `${REALM}, error="invalid_token"`)
  const { grant } = lookup
  if (!grant.canSend) {
    // [interp] Google's standard answer to a token minted without a messaging scope.
    const response = googleError(403, 'PERMISSION_DENIED', INSUFFICIENT_SCOPES, [errorInfoDetail('ACCESS_TOKEN_SCOPE_INSUFFICIENT')], {
      'www-authenticate': `${REALM}, error="insufficient_scope", scope="https://www.googleapis.com/auth/firebase.messaging"`,
    })
    return { ok: false, reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', response }
  }
  // [obs; wording partly unverified] A service account of another project. Project numbers are not modelled.
  if (grant.projectId !== project) return { ok: false, reason: 'PERMISSION_DENIED', response: permissionDenied(project) }
  return { ok: true, grant }
}
