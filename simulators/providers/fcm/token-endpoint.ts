import type { ExchangeNote, SimRequest, SimResponse } from '../../kernel/index.ts'
import type { AccessTokenStore } from './access-tokens.ts'
import { checkAssertion, GOOGLE_TOKEN_AUDIENCES } from './assertion.ts'
import { googleJson } from '../../catalogue/wire/google-error.ts'
import type { ServiceAccountRegistry } from './service-accounts.ts'

/**
 * Google's OAuth 2.0 token endpoint for the JWT-bearer grant (§2.1).
 * google-auth-library 11.x (under firebase-admin 14.5) posts
 * `grant_type=…jwt-bearer&assertion=<JWT>` as a form to the hard-coded
 * `https://oauth2.googleapis.com/token`, with aud set to that same URL.
 */
export const TOKEN_PATHS: ReadonlySet<string> = new Set(['/token', '/oauth2/v4/token', '/o/oauth2/token'])
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

/** Headers Google's token endpoint sends on every answer [obs, common]. */
const OAUTH_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
  pragma: 'no-cache',
  expires: 'Mon, 01 Jan 1990 00:00:00 GMT',
} as const

export interface TokenEndpointDeps {
  accounts: ServiceAccountRegistry
  tokens: AccessTokenStore
  nowMs: () => number
  ttlSeconds: number
}

export interface TokenAnswer {
  response: SimResponse
  note: ExchangeNote
}

// Every exchange here carries a signed grant, and a success an access token: the ledger redacts both.
const answer = (status: number, value: unknown, note: ExchangeNote): TokenAnswer => ({
  response: { status, headers: { ...OAUTH_HEADERS }, body: googleJson(value) },
  note: { ...note, credentials: true },
})

const oauthError = (error: string, description: string, flavour = ''): TokenAnswer =>
  answer(400, { error, error_description: description }, { target: '', flavour, reason: error })

export function handleTokenRequest(request: SimRequest, routePath: string, deps: TokenEndpointDeps): TokenAnswer {
  const form = readForm(request)
  const grantType = form.get('grant_type') ?? ''
  // Google echoes the grant type it did not recognise [obs: natelindev/tsdav#130, "Invalid grant_type: "].
  if (grantType !== JWT_BEARER_GRANT) return oauthError('unsupported_grant_type', `Invalid grant_type: ${grantType}`)
  const assertion = form.get('assertion') ?? ''
  // [interp] RFC 6749 §5.2 invalid_request, worded as Google words other missing parameters.
  if (assertion === '') return oauthError('invalid_request', 'Missing required parameter: assertion')

  const audiences = new Set([...GOOGLE_TOKEN_AUDIENCES, `${request.scheme}://${request.authority}${routePath}`])
  const check = checkAssertion(assertion, deps.accounts, audiences, deps.nowMs())
  if (!check.ok) return oauthError(check.error, check.description)

  const { clientEmail, projectId } = check.account.info
  const accessToken = deps.tokens.issue(clientEmail, projectId, check.scopes)
  const body = { access_token: accessToken, expires_in: deps.ttlSeconds - 1, token_type: 'Bearer' }
  return answer(200, body, { target: '', flavour: projectId })
}

/** Form body as sent by every client; a JSON body is accepted too [interp]. */
function readForm(request: SimRequest): { get(name: string): string | null } {
  const text = request.body.toString('utf8')
  if ((request.headers['content-type'] ?? '').includes('json')) {
    try {
      const value: unknown = JSON.parse(text)
      if (typeof value === 'object' && value !== null) {
        const record = value as Record<string, unknown>
        return { get: (name) => (typeof record[name] === 'string' ? record[name] : null) }
      }
    } catch {
      // Unparseable JSON reads as an empty form: the grant type is then missing.
    }
    return { get: () => null }
  }
  return new URLSearchParams(text)
}
