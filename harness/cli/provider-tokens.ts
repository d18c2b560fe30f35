import { importPKCS8, SignJWT } from 'jose'
import { CliFailure, ExitCode } from './exit-codes.ts'

/** The fields of `apns-<keyId>.json` (written by the simulators) that signing needs. */
export interface ApnsCredentialFile {
  keyId: string
  teamId: string
  key: string
}

/** The fields of a Google service-account JSON that the JWT-bearer grant needs. */
export interface ServiceAccount {
  client_email: string
  private_key: string
  private_key_id: string
  token_uri: string
}

const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging'

/** An APNs provider token (ES256 JWT with kid, iss and iat), as Apple documents it. */
export async function signApnsToken(credential: ApnsCredentialFile): Promise<string> {
  let key: Awaited<ReturnType<typeof importPKCS8>>
  try {
    key = await importPKCS8(credential.key, 'ES256')
  } catch (error) {
    throw new CliFailure(ExitCode.USAGE, `Failed to read the APNs key ${credential.keyId}: not a PKCS#8 P-256 private key (${(error as Error).message}).`, 'Pass the .p8 that `pushsim credentials apns` made, or Apple gave you.')
  }
  return new SignJWT({ iss: credential.teamId, iat: Math.floor(Date.now() / 1000) }).setProtectedHeader({ alg: 'ES256', kid: credential.keyId }).sign(key)
}

/**
 * An OAuth2 access token through the JWT-bearer grant, as google-auth-library performs it.
 * `nowMs`: the assertion's iat; simulators on a run clock check it against their virtual time.
 */
export async function fetchFcmAccessToken(account: ServiceAccount, nowMs = Date.now()): Promise<string> {
  let key: Awaited<ReturnType<typeof importPKCS8>>
  try {
    key = await importPKCS8(account.private_key, 'RS256')
  } catch (error) {
    throw new CliFailure(ExitCode.USAGE, `Failed to read the private key of ${account.client_email}: not a PKCS#8 RSA private key (${(error as Error).message}).`)
  }
  const now = Math.floor(nowMs / 1000)
  const assertion = await new SignJWT({ iss: account.client_email, scope: FCM_SCOPE, aud: account.token_uri, iat: now, exp: now + 3600 })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: account.private_key_id })
    .sign(key)
  let response: Response
  try {
    response = await fetch(account.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new CliFailure(ExitCode.UNREACHABLE, `Failed to reach ${account.token_uri}: ${(error as Error).message}.`, 'Start the simulators with `npm run serve`.')
  }
  const text = await response.text().catch(() => '')
  let body: TokenAnswer = {}
  try {
    body = (JSON.parse(text) ?? {}) as TokenAnswer
  } catch {
    // Not JSON: described by its status and text below.
  }
  if (response.ok && typeof body.access_token === 'string') return body.access_token
  throw new CliFailure(ExitCode.REJECTED, `Failed to get an access token from ${account.token_uri}: ${describeTokenError(response.status, body, text).replace(/\.$/, "")}.`)
}

/** What an OAuth token endpoint answers: the token, Google's OAuth error body, or a Google JSON error envelope. */
interface TokenAnswer {
  access_token?: unknown
  error?: unknown
  error_description?: unknown
}

/** `HTTP 400 invalid_grant: Invalid JWT Signature.` or `HTTP 503 UNAVAILABLE (503): The service is currently unavailable.` */
export function describeTokenError(status: number, body: TokenAnswer, text: string): string {
  const error = body.error
  if (typeof error === 'string') return `HTTP ${status} ${error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}`
  if (error !== null && typeof error === 'object') {
    const envelope = error as { code?: unknown; status?: unknown; message?: unknown }
    const code = typeof envelope.status === 'string' ? envelope.status : undefined
    return `HTTP ${status}${code ? ` ${code}` : ''}${typeof envelope.message === 'string' ? `: ${envelope.message}` : ''}`
  }
  if (status >= 200 && status < 300) return `HTTP ${status} without an access_token`
  const snippet = text.trim().split('\n')[0]!.slice(0, 120)
  return `HTTP ${status}${snippet.startsWith('<') ? ' (an HTML page, not a token endpoint: check token_uri)' : snippet ? `: ${snippet}` : ''}`
}
