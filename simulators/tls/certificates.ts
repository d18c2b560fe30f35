// @peculiar/x509 v2 resolves its algorithms through tsyringe, which needs this polyfill loaded first.
import 'reflect-metadata'
import { webcrypto } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as x509 from '@peculiar/x509'

/**
 * A local CA and one server certificate, generated on first start into the
 * state directory and reused after, so clients trust pushsim once
 * (NODE_EXTRA_CA_CERTS=<caPath>) and keep trusting it across restarts.
 */
export interface TlsMaterial {
  caPath: string
  certPath: string
  keyPath: string
  ca: string
  cert: string
  key: string
}

/** Names the server certificate answers for: loopback and the real provider hosts. */
export const SERVER_NAMES = [
  'localhost',
  'api.push.apple.com',
  'api.sandbox.push.apple.com',
  'api.development.push.apple.com',
  'web.push.apple.com',
  'fcm.googleapis.com',
  'oauth2.googleapis.com',
  'android.googleapis.com',
  'updates.push.services.mozilla.com',
  // KaiOS' push service host, as the in-process mode names it (protocols.md §3.4: an interpretation).
  'push.kaiostech.com',
]
export const SERVER_IPS = ['127.0.0.1', '::1']

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const
const DAY_MS = 86_400_000

export async function ensureTlsMaterial(directory: string): Promise<TlsMaterial> {
  mkdirSync(directory, { recursive: true })
  const caPath = join(directory, 'ca.pem')
  const certPath = join(directory, 'server.pem')
  const keyPath = join(directory, 'server-key.pem')
  if (![caPath, certPath, keyPath].every((path) => existsSync(path)) || expiresSoon(certPath) || lacksServerNames(certPath)) {
    const generated = await generate()
    writeFileSync(caPath, generated.ca)
    writeFileSync(certPath, generated.cert)
    writeFileSync(keyPath, generated.key, { mode: 0o600 })
  }
  return {
    caPath,
    certPath,
    keyPath,
    ca: readFileSync(caPath, 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
  }
}

function expiresSoon(certPath: string): boolean {
  const cert = new x509.X509Certificate(readFileSync(certPath, 'utf8'))
  return cert.notAfter.getTime() - Date.now() < 7 * DAY_MS
}

/**
 * A certificate made by an older pushsim may not name every host the
 * simulators now answer for (`pushsim exec` connects with the real names):
 * it is made again. The CA's key is never kept, so the CA is new too.
 */
function lacksServerNames(certPath: string): boolean {
  const san = new x509.X509Certificate(readFileSync(certPath, 'utf8')).getExtension(x509.SubjectAlternativeNameExtension)
  const named = new Set(san?.names.items.filter((name) => name.type === 'dns').map((name) => name.value) ?? [])
  return SERVER_NAMES.some((name) => !named.has(name))
}

async function generate(): Promise<{ ca: string; cert: string; key: string }> {
  const now = Date.now()
  const notBefore = new Date(now - DAY_MS)
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=pushsim local CA, O=pushsim',
    notBefore,
    notAfter: new Date(now + 3650 * DAY_MS),
    signingAlgorithm: ALGORITHM,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  })
  const serverKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const serverCert = await x509.X509CertificateGenerator.create({
    subject: 'CN=localhost, O=pushsim',
    issuer: caCert.subject,
    notBefore,
    // Under 398 days, so strict clients that cap leaf lifetimes accept it.
    notAfter: new Date(now + 397 * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...SERVER_NAMES.map((value) => ({ type: 'dns' as const, value })),
        ...SERVER_IPS.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
    ],
  })
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey)
  return {
    ca: caCert.toString('pem') + '\n',
    cert: serverCert.toString('pem') + '\n',
    key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n',
  }
}
