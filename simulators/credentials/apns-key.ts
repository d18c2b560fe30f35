import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportPKCS8, generateKeyPair } from 'jose'
import type { Rng } from '../kernel/rng.ts'

/** A provider-token signing key as Apple's developer portal hands it out: a .p8 file, a key id and a team id. */
export interface ApnsCredential {
  keyId: string
  teamId: string
  topic: string
  keyPath: string
  /** PKCS#8 PEM, the content of the .p8 file. */
  key: string
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** Apple's key and team ids are 10 upper-case alphanumerics. */
export function appleId(rng: Rng): string {
  let id = ''
  for (let i = 0; i < 10; i++) id += ALPHANUMERIC[rng.uint32() % ALPHANUMERIC.length]
  return id
}

/** `taken(keyId)`: a key id already registered, redrawn so an existing key (and its files) is never replaced. */
export async function createApnsCredential(directory: string, rng: Rng, topic = 'com.example.pushsim', taken: (keyId: string) => boolean = () => false): Promise<ApnsCredential> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  const key = await exportPKCS8(privateKey)
  let keyId = appleId(rng)
  while (taken(keyId)) keyId = appleId(rng)
  const teamId = appleId(rng)
  mkdirSync(directory, { recursive: true })
  // Apple's file name form, so snippets and real tooling look the same.
  const keyPath = join(directory, `AuthKey_${keyId}.p8`)
  writeFileSync(keyPath, key, { mode: 0o600 })
  const credential = { keyId, teamId, topic, keyPath, key }
  writeFileSync(join(directory, `apns-${keyId}.json`), JSON.stringify(credential, null, 2) + '\n', { mode: 0o600 })
  return credential
}
