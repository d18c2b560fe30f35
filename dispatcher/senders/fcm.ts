import { importPKCS8 } from 'jose'
import { DEFAULT_REFRESH_COOLDOWN_MS, wallClock, wallOf, type FcmSenderConfig, type SendersConfig } from './config.ts'
import { createCredentialCache } from './credential-cache.ts'
import { fcmMessage } from './fcm-message.ts'
import { fetchAccessToken } from './fcm-oauth.ts'
import { createHttpAgent } from './http-agent.ts'
import { httpExchange } from './http-exchange.ts'
import type { ProviderResult, Sender } from './sender.ts'
import { describeError, notSent } from './transport-error.ts'

export interface FcmSender extends Sender {
  stats(): { accessTokensFetched: number }
}

/**
 * FCM HTTP v1 (protocols §2): one keep-alive undici Agent (HTTP/2 over TLS
 * when the server offers it) for the token endpoint and the send endpoint;
 * the access token is shared by every send until 60 s before it expires,
 * on the run clock (a jump past its expiry fetches a new one).
 */
export function createFcmSender(config: SendersConfig & { fcm: FcmSenderConfig }): FcmSender {
  const { url, serviceAccount } = config.fcm
  const now = config.clock ?? wallClock
  const agent = createHttpAgent(config.policy.fcm, { ca: config.ca, allowH2: url.startsWith('https:'), ...wallOf(config) })
  const sendUrl = `${url.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(serviceAccount.project_id)}/messages:send`
  let signingKey: ReturnType<typeof importPKCS8> | undefined
  const tokens = createCredentialCache<string, ProviderResult>({
    now,
    refreshCooldownMs: config.refreshCooldownMs ?? DEFAULT_REFRESH_COOLDOWN_MS,
    onThrow: (error) => notSent(`FCM access token: ${describeError(error)}`),
    async mint(mintedAt) {
      signingKey ??= importPKCS8(serviceAccount.private_key, 'RS256')
      const key = await signingKey.catch((error: unknown) => {
        signingKey = undefined
        throw error
      })
      return fetchAccessToken(serviceAccount, key, mintedAt, agent)
    },
  })

  return {
    channels: ['fcm'],
    async send(request) {
      if (request.address.kind !== 'token') return notSent('FCM needs a registration token address')
      const credential = await tokens.get()
      if (!credential.ok) return credential.failure
      return httpExchange(
        sendUrl,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${credential.credential.value}`, 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(fcmMessage(request, request.address.token)),
        },
        agent,
      )
    },
    refreshCredential: () => tokens.refresh(),
    close: () => agent.close(),
    stats: () => ({ accessTokensFetched: tokens.mints }),
  }
}
