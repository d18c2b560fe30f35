import { createPublicKey, type KeyObject } from 'node:crypto'
import { fail, ok, simError, type Result } from '../../kernel/index.ts'
import type { ServiceAccountInfo, ServiceAccountInput } from './types.ts'

export interface ServiceAccount {
  readonly info: ServiceAccountInfo
  /** Public half used to verify RS256 assertions. */
  readonly publicKey: KeyObject
}

const EMAIL = /^[^\s@]+@[^\s@]+$/
// Project ids, numbers and domain-scoped ids (`example.com:proj`); no slashes.
const PROJECT_ID = /^[A-Za-z0-9._:-]{1,100}$/

const invalid = (reason: string): Result<never> =>
  fail(simError('INVALID_ARGUMENT', `Failed to register service account: ${reason}`))

/** Service accounts whose keys may sign OAuth assertions, keyed by client_email. */
export class ServiceAccountRegistry {
  readonly #accounts = new Map<string, ServiceAccount>()

  /** Registering an email again replaces its key (a key rotation). */
  register(input: ServiceAccountInput): Result<ServiceAccountInfo> {
    if (typeof input !== 'object' || input === null) return invalid('expected an object')
    const { clientEmail, projectId, key, privateKeyId } = input
    if (typeof clientEmail !== 'string' || !EMAIL.test(clientEmail)) return invalid('clientEmail must be an email address')
    if (typeof projectId !== 'string' || !PROJECT_ID.test(projectId)) return invalid(`projectId ${JSON.stringify(projectId)} is not a project id`)
    if (privateKeyId !== undefined && (typeof privateKeyId !== 'string' || privateKeyId === '')) {
      return invalid('privateKeyId must be a non-empty string when given')
    }
    const publicKey = rsaPublicKey(key)
    if (!publicKey) return invalid('key must be a PEM RSA public key (SPKI) or private key (PKCS#8)')
    const info: ServiceAccountInfo = { clientEmail, projectId, privateKeyId: privateKeyId ?? null }
    this.#accounts.set(clientEmail, { info, publicKey })
    return ok(info)
  }

  get(clientEmail: string): ServiceAccount | undefined {
    return this.#accounts.get(clientEmail)
  }

  list(): ServiceAccountInfo[] {
    return [...this.#accounts.values()].map((account) => ({ ...account.info }))
  }

  clear(): void {
    this.#accounts.clear()
  }
}

function rsaPublicKey(pem: unknown): KeyObject | null {
  if (typeof pem !== 'string') return null
  try {
    const key = createPublicKey(pem)
    return key.asymmetricKeyType === 'rsa' ? key : null
  } catch {
    return null
  }
}
