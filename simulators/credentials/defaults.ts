import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Rng } from '../kernel/rng.ts'
import type { Registry } from '../state/registry.ts'
import { createApnsCredential, type ApnsCredential } from './apns-key.ts'
import { createFcmCredential, type FcmCredential, type ServiceAccountFile } from './fcm-service-account.ts'
import { ensureVapidKeys, type VapidKeys } from './vapid-keys.ts'

/** Credentials made on first start so `pushsim serve` prints snippets that work as pasted. */
export interface DefaultCredentials {
  apns: ApnsCredential
  fcm: FcmCredential
  vapid: VapidKeys
}

interface Pointers {
  apnsJson: string
  fcmPath: string
}

export async function ensureDefaultCredentials(directory: string, rng: Rng, tokenUri: string, registry: Registry): Promise<DefaultCredentials> {
  const pointersPath = join(directory, 'defaults.json')
  let apns: ApnsCredential
  let fcm: FcmCredential
  if (existsSync(pointersPath)) {
    const pointers = JSON.parse(readFileSync(pointersPath, 'utf8')) as Pointers
    apns = JSON.parse(readFileSync(pointers.apnsJson, 'utf8')) as ApnsCredential
    const serviceAccount = JSON.parse(readFileSync(pointers.fcmPath, 'utf8')) as ServiceAccountFile
    // The port may differ from the last run: keep token_uri pointing at this one.
    serviceAccount.token_uri = tokenUri
    writeFileSync(pointers.fcmPath, JSON.stringify(serviceAccount, null, 2) + '\n', { mode: 0o600 })
    fcm = { projectId: serviceAccount.project_id, clientEmail: serviceAccount.client_email, path: pointers.fcmPath, serviceAccount }
  } else {
    apns = await createApnsCredential(directory, rng)
    fcm = createFcmCredential(directory, rng, tokenUri)
    const pointers: Pointers = { apnsJson: join(directory, `apns-${apns.keyId}.json`), fcmPath: fcm.path }
    writeFileSync(pointersPath, JSON.stringify(pointers, null, 2) + '\n')
  }
  registerApns(registry, apns)
  registerFcm(registry, fcm)
  return { apns, fcm, vapid: ensureVapidKeys(directory) }
}

export function registerApns(registry: Pick<Registry, 'registerApnsKey'>, credential: ApnsCredential): void {
  const result = registry.registerApnsKey({ keyId: credential.keyId, teamId: credential.teamId, key: credential.key })
  if (!result.ok) throw new Error(`Failed to register the APNs key ${credential.keyId}: ${result.error.message}`)
}

export function registerFcm(registry: Pick<Registry, 'registerServiceAccount'>, credential: FcmCredential): void {
  const account = credential.serviceAccount
  const result = registry.registerServiceAccount({
    clientEmail: account.client_email,
    projectId: account.project_id,
    key: account.private_key,
    privateKeyId: account.private_key_id,
  })
  if (!result.ok) throw new Error(`Failed to register the service account ${account.client_email}: ${result.error.message}`)
}
