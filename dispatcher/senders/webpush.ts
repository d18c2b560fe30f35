import webpush from 'web-push'
import type { Dispatcher } from 'undici'
import type { Channel } from '../model/channel.ts'
import { wallClock, wallOf, type SendersConfig, type WebPushSenderConfig } from './config.ts'
import { createHttpAgent } from './http-agent.ts'
import { httpExchange } from './http-exchange.ts'
import type { PushRequest, ProviderResult, Sender } from './sender.ts'
import { describeError, notSent } from './transport-error.ts'
import { createVapidSigner } from './vapid.ts'
import { webPushPayload } from './webpush-payload.ts'

export const WEB_PUSH_CHANNELS = ['webpush-chrome', 'webpush-firefox', 'webpush-kaios', 'webpush-safari'] as const satisfies readonly Channel[]
type WebPushChannel = (typeof WEB_PUSH_CHANNELS)[number]

/**
 * Web Push for the four browsers (protocols §3): the `web-push` library
 * builds the VAPID Authorization, aes128gcm body and TTL / Urgency / Topic
 * headers; undici sends them with each channel's own timeouts (one Agent
 * per channel, since Safari's read timeout differs, push-semantics §2).
 * The VAPID JWT is signed per push service origin, its `exp` on the run
 * clock, and re-signed when a service refuses it (vapid.ts).
 */
export function createWebPushSender(config: SendersConfig & { webpush: WebPushSenderConfig }): Sender {
  const vapid = createVapidSigner(config.webpush.vapid, config.clock ?? wallClock)
  const agents = new Map<WebPushChannel, Dispatcher>()
  const agentFor = (channel: WebPushChannel): Dispatcher => {
    let agent = agents.get(channel)
    if (!agent) {
      agent = createHttpAgent(config.policy[channel], { ca: config.ca, allowH2: true, ...wallOf(config) })
      agents.set(channel, agent)
    }
    return agent
  }

  return {
    channels: WEB_PUSH_CHANNELS,
    async send(request) {
      const channel = request.channel
      if (!isWebPushChannel(channel)) return notSent(`${channel} is not a web push channel`)
      const built = buildRequest(request, config.webpush)
      if (!('endpoint' in built)) return built
      try {
        built.headers.authorization = await vapid.header(built.endpoint)
      } catch (error) {
        return notSent(`web push VAPID: ${describeError(error)}`)
      }
      return httpExchange(built.endpoint, { method: 'POST', headers: built.headers, body: built.body }, agentFor(channel))
    },
    refreshCredential: () => vapid.reset(),
    async close() {
      await Promise.all([...agents.values()].map((agent) => agent.close()))
    },
  }
}

const isWebPushChannel = (channel: Channel): channel is WebPushChannel => (WEB_PUSH_CHANNELS as readonly Channel[]).includes(channel)

/** The library throws on bad subscription keys, a bad Topic or bad VAPID keys: a value here. */
function buildRequest(request: PushRequest, config: WebPushSenderConfig): { endpoint: string; headers: Record<string, string>; body: Buffer } | ProviderResult {
  const address = request.address
  if (address.kind !== 'subscription') return notSent('web push needs a subscription address')
  try {
    // No vapidDetails: the library would sign on the wall clock; send() adds the run clock's (vapid.ts).
    const details = webpush.generateRequestDetails({ endpoint: address.endpoint, keys: { p256dh: address.p256dh, auth: address.auth } }, webPushPayload(request.content, request.tracking), {
      TTL: Math.max(0, Math.floor(request.ttlSeconds)),
      contentEncoding: 'aes128gcm',
      ...(request.urgency === undefined ? {} : { urgency: request.urgency }),
      ...(request.topic === undefined ? {} : { topic: request.topic }),
    })
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(details.headers)) if (value !== undefined) headers[name.toLowerCase()] = String(value)
    return { endpoint: details.endpoint, headers, body: details.body }
  } catch (error) {
    return notSent(`web push request: ${describeError(error)}`)
  }
}
