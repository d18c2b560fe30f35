import type { Channel, ChannelPolicy } from '../model/channel.ts'
import type { Content } from '../model/entities.ts'
import type { Classification } from '../policy/classification.ts'
import { DELIVERY_CODE } from '../rules/plan-codes.ts'
import type { ProviderResult, PushRequest, Sender } from '../senders/sender.ts'
import type { AttemptOutcome, DueDelivery, Store } from '../store/store.ts'
import type { Clock } from './clock.ts'

/** What the next-step policy decides after one attempt (policy/retry.ts). */
export type NextStep =
  | { kind: 'accepted' }
  | { kind: 'retry'; notBefore: number; refreshCredential: boolean }
  | { kind: 'final'; state: 'failed' | 'bounced'; code: string; errorClass: NonNullable<AttemptOutcome['errorClass']> }

export interface AttemptDeps {
  store: Store
  senders: { forChannel(channel: Channel): Sender | undefined }
  classify(channel: Channel, result: ProviderResult, now: number): Classification
  nextStep(input: {
    classification: Classification
    attempts: number
    policy: ChannelPolicy
    backoff: { baseMs: number; capMs: number }
    random: () => number
    now: number
    credentialRefreshed: boolean
  }): NextStep
  contentForChannel(content: Content, channel: Channel): Content
  /** Virtual ms, unscaled: senders turn timeouts into wall timers at the clock's scale of the moment. */
  policy: Record<Channel, ChannelPolicy>
  backoff: { baseMs: number; capMs: number }
  random: () => number
  clock: Clock
}

/** Four weeks: what providers keep a notification without a TTL (protocols.md §2.7, §3.7). */
const DEFAULT_TTL_SECONDS = 2_419_200

/**
 * One attempt of one delivery. The claim that counted it was committed
 * before this runs; the outcome is committed in one transaction after.
 */
export async function runAttempt(due: DueDelivery, deps: AttemptDeps): Promise<AttemptOutcome> {
  const { delivery, message } = due
  const sender = deps.senders.forChannel(delivery.channel)
  // §3 non-provider failures, never sent: no credentials for the channel, or nothing rendered to send.
  if (!sender) return final(delivery.id, delivery.attempts, deps.clock.now(), 'credentials_not_found', 'configuration')
  if (!message.rendered) return final(delivery.id, delivery.attempts, deps.clock.now(), 'missing_template_variable', 'bad-message')
  const now = deps.clock.now()
  // §10 crashes: an attempt interrupted by a crash was counted (the provider may have seen it). When it was the
  // last the limit allows, the claim after the restart is one too many: the delivery fails as an unanswered
  // attempt whose retries are spent, unsent (found by the oracle, retry.limit.webpush-firefox in retry-limit-restart).
  if (delivery.attempts > 1 + deps.policy[delivery.channel].retryLimit) {
    const unanswered = deps.classify(delivery.channel, { kind: 'transport-error', error: 'connection', message: 'interrupted by a restart' }, now)
    return final(delivery.id, delivery.attempts, now, unanswered.outcome === 'error' ? unanswered.code : 'interrupted', 'transient')
  }
  // §7: no further sends to a device suppressed since this delivery was planned (another delivery's second bounce
  // while this one waited for a retry); found by the oracle (delivery.no-send-to-suppressed).
  if (deps.store.getDevice?.(delivery.deviceId)?.lastStatus === 'suppressed') return suppressed(delivery.id, delivery.attempts, now)
  const request: PushRequest = {
    deliveryId: delivery.id,
    channel: delivery.channel,
    address: due.address,
    content: deps.contentForChannel(message.rendered, delivery.channel),
    providerId: delivery.providerId,
    tracking: { id: delivery.id, token: delivery.trackingToken },
    // Virtual seconds left: the provider reads the same run clock.
    ttlSeconds: delivery.expiresAt === null ? DEFAULT_TTL_SECONDS : Math.max(0, Math.floor((delivery.expiresAt - now) / 1000)),
  }
  const result = await sender.send(request)
  const finishedAt = deps.clock.now()
  const classification = deps.classify(delivery.channel, result, finishedAt)
  // A credential is refreshed once per delivery: an earlier credentials failure means it was.
  const credentialRefreshed = classification.outcome === 'error' && classification.class === 'credentials' && deps.store.attemptsOf(delivery.id).some((attempt) => attempt.errorClass === 'credentials')
  const step = deps.nextStep({
    classification,
    attempts: delivery.attempts,
    policy: deps.policy[delivery.channel],
    backoff: deps.backoff,
    random: deps.random,
    now: finishedAt,
    credentialRefreshed,
  })
  if (step.kind === 'retry' && step.refreshCredential) sender.refreshCredential()
  const status = result.kind === 'response' ? result.status : null
  const code = classification.outcome === 'accepted' ? 'accepted' : classification.code
  const errorClass = classification.outcome === 'error' ? classification.class : null
  const retryAfterMs = classification.outcome === 'error' ? (classification.retryAfterMs ?? null) : null
  const base = { deliveryId: delivery.id, attempt: delivery.attempts, finishedAt, status, code: result.kind === 'transport-error' ? `${code}:${result.error}` : code, errorClass, retryAfterMs }
  switch (step.kind) {
    case 'accepted':
      return { ...base, next: { state: 'accepted', notBefore: finishedAt, code: null, errorClass: null }, device: 'accepted' }
    case 'retry':
      return { ...base, next: { state: 'pending', notBefore: step.notBefore, code, errorClass }, device: 'unchanged' }
    case 'final':
      return { ...base, next: { state: step.state, notBefore: finishedAt, code: step.code, errorClass: step.errorClass }, device: step.state === 'bounced' ? 'bounced' : 'unchanged' }
  }
}

function suppressed(deliveryId: string, attempt: number, at: number): AttemptOutcome {
  const code = DELIVERY_CODE.deviceSuppressed
  return { deliveryId, attempt, finishedAt: at, status: null, code, errorClass: null, retryAfterMs: null, next: { state: 'suppressed', notBefore: at, code, errorClass: null }, device: 'unchanged' }
}

function final(deliveryId: string, attempt: number, at: number, code: string, errorClass: NonNullable<AttemptOutcome['errorClass']>): AttemptOutcome {
  return { deliveryId, attempt, finishedAt: at, status: null, code, errorClass, retryAfterMs: null, next: { state: 'failed', notBefore: at, code, errorClass }, device: 'unchanged' }
}
