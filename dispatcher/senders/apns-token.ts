import { importPKCS8, SignJWT } from 'jose'
import { apnsTokenAgeMs, type ApnsSenderConfig } from './config.ts'
import { createCredentialCache, type CredentialCache } from './credential-cache.ts'
import type { ProviderResult } from './sender.ts'
import { describeError, notSent } from './transport-error.ts'

export type ApnsTokenCache = CredentialCache<string, ProviderResult>

/**
 * The APNs provider token (protocols §1.6): header {alg: ES256, kid}, claims
 * {iss: team, iat}, re-minted after the configured age (20–60 min) and when
 * refresh() is called after ExpiredProviderToken.
 */
export function createApnsTokenCache(config: ApnsSenderConfig, now: () => number, refreshCooldownMs: number): ApnsTokenCache {
  let signingKey: ReturnType<typeof importPKCS8> | undefined
  const ageMs = apnsTokenAgeMs(config)
  let lastIat = 0
  return createCredentialCache({
    now,
    refreshCooldownMs,
    onThrow: (error) => notSent(`APNs provider token: ${describeError(error)}`),
    async mint(mintedAt) {
      signingKey ??= importPKCS8(config.key, 'ES256')
      // A key that fails to import is retried on the next mint, not cached as a failure.
      const key = await signingKey.catch((error: unknown) => {
        signingKey = undefined
        throw error
      })
      // A refresh within the second of the last mint (ExpiredProviderToken from a provider whose clock runs
      // ahead) must still be a new token: the same iat would sign the same claims, refused again.
      const iat = Math.max(Math.floor(mintedAt / 1000), lastIat + 1)
      lastIat = iat
      const jwt = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: config.keyId })
        .setIssuer(config.teamId)
        .setIssuedAt(iat)
        .sign(key)
      return { ok: true, value: jwt, renewAt: mintedAt + ageMs }
    },
  })
}
