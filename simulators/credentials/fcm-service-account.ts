import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Rng } from '../kernel/rng.ts'

/** The JSON key file Google Cloud issues for a service account, with token_uri pointing at the simulator. */
export interface ServiceAccountFile {
  type: 'service_account'
  project_id: string
  private_key_id: string
  private_key: string
  client_email: string
  client_id: string
  auth_uri: string
  token_uri: string
  auth_provider_x509_cert_url: string
  client_x509_cert_url: string
  universe_domain: string
}

/** Google's token endpoint, as a console download names it; the FCM simulator accepts assertions for it (§2.1). */
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token'

export interface FcmCredential {
  projectId: string
  clientEmail: string
  path: string
  serviceAccount: ServiceAccountFile
}

/** `taken(clientEmail)`: an account already registered, redrawn so an existing one (and its file) is never replaced. */
export function createFcmCredential(directory: string, rng: Rng, tokenUri: string, projectId = 'pushsim-demo', taken: (clientEmail: string) => boolean = () => false): FcmCredential {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const drawEmail = () => `pushsim-${rng.bytes(3).toString('hex')}@${projectId}.iam.gserviceaccount.com`
  let clientEmail = drawEmail()
  while (taken(clientEmail)) clientEmail = drawEmail()
  const serviceAccount: ServiceAccountFile = {
    type: 'service_account',
    project_id: projectId,
    private_key_id: rng.bytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: String(100_000_000_000_000_000n + BigInt(rng.uint32()) * 1_000_000n),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: tokenUri,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  }
  mkdirSync(directory, { recursive: true })
  const path = join(directory, `fcm-${projectId}-${serviceAccount.private_key_id.slice(0, 8)}.json`)
  writeFileSync(path, JSON.stringify(serviceAccount, null, 2) + '\n', { mode: 0o600 })
  return { projectId, clientEmail, path, serviceAccount }
}
