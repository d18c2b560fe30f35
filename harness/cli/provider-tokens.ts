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

/** An OAuth2 access token through the JWT-bearer grant, as google-auth-library performs it. */
export async function fetchFcmAccessToken(account: ServiceAccount): Promise<string> {
  let key: Awaited<ReturnType<typeof importPKCS8>>
  try {
    key = await importPKCS8(account.private_key, 'RS256')
  } catch (error) {
    throw new CliFailure(ExitCode.USAGE, `Failed to read the private key of ${account.client_email}: not a PKCS#8 RSA private key (${(error as Error).message}).`)
  }
  const now = Math.floor(Date.now() / 1000)
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
    throw new CliFailure(ExitCode.UNREACHABLE, `Failed to reach ${account.token_uri}: ${(error as Error).message}.`, 'Start the simulators with `npm start`.')
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string }
  if (!response.ok || !body.access_token) throw new CliFailure(ExitCode.REJECTED, `Failed to get an access token: ${body.error ?? response.status} ${body.error_description ?? ''}`.trim())
  return body.access_token
}
