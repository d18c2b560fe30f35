import { createECDH } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** An application server's VAPID key pair (base64url, as the web-push library takes them). */
export interface VapidKeys {
  publicKey: string
  privateKey: string
  subject: string
  path: string
}

export function ensureVapidKeys(directory: string): VapidKeys {
  const path = join(directory, 'vapid.json')
  if (existsSync(path)) return { ...(JSON.parse(readFileSync(path, 'utf8')) as Omit<VapidKeys, 'path'>), path }
  const ecdh = createECDH('prime256v1')
  ecdh.generateKeys()
  // A private scalar with leading zero bytes comes back short; VAPID wants exactly 32 bytes.
  const privateKey = ecdh.getPrivateKey()
  const keys = {
    publicKey: ecdh.getPublicKey('base64url'),
    privateKey: Buffer.concat([Buffer.alloc(32 - privateKey.length), privateKey]).toString('base64url'),
    subject: 'mailto:push@example.com',
  }
  mkdirSync(directory, { recursive: true })
  writeFileSync(path, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 })
  return { ...keys, path }
}
