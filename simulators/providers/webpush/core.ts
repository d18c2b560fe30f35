import { fail, ok, simError, type Result } from '../../kernel/errors.ts'
import { respond, type DecryptRef, type ExchangeNote, type Outcome, type SimRequest } from '../../kernel/exchange.ts'
import { decryptAes128gcm, decryptAesgcm } from './decrypt.ts'
import { isWellFormedId, parseEndpointPath } from './endpoint-paths.ts'
import { createFlavourProfiles, type FlavourProfile } from './flavour-profiles.ts'
import type { PushContext } from './push-stages.ts'
import { requestOrigin } from './request-origin.ts'
import { toInfo } from './subscription-record.ts'
import { exportRecords, parseRecords } from './subscription-state.ts'
import { createSubscriptionStore } from './subscription-store.ts'
import type { Browser, WebPushCore, WebPushOptions } from './types.ts'
import { createVapidVerifier } from './vapid-verifier.ts'

export function createWebPushCore(options: WebPushOptions): WebPushCore {
  const { clock, rng } = options
  const store = createSubscriptionStore(clock, rng)
  const verifier = createVapidVerifier()
  const profiles = createFlavourProfiles(clock, rng)

  function handlePush(request: SimRequest): Outcome {
    const route = parseEndpointPath(request.path, request.authority)
    if (!('id' in route)) {
      const failure = { kind: 'not-found', problem: route.problem } as const
      if (route.browser === undefined) return respond(404, {}, undefined, { reason: 'not-found:bad-path' })
      return profiles[route.browser].answers.refused(failure, { flavour: route.browser })
    }
    const profile = profiles[route.browser]
    const note: ExchangeNote = { target: route.id, flavour: route.browser }
    if (request.method !== 'POST') return profile.answers.refused({ kind: 'method' }, note)
    const record = store.get(route.id)
    // Ids are per flavour and, for autopush, per token version (v1/v2 tokens differ in length [src]).
    if (record === undefined || record.browser !== route.browser || (route.version ?? record.version) !== record.version) {
      const problem = isWellFormedId(route.id) ? 'unknown-id' : 'bad-path'
      return profile.answers.refused({ kind: 'not-found', problem }, note)
    }
    const ctx: PushContext = {
      request,
      record,
      origin: requestOrigin(request),
      nowMs: clock.now(),
      verifier,
      rules: profile.rules,
      auth: undefined,
      ttl: undefined,
      ref: undefined,
    }
    for (const stage of profile.stages) {
      const failure = stage(ctx)
      if (failure !== undefined) return profile.answers.refused(failure, note)
    }
    if (ctx.ref !== undefined) note.decrypt = { ...ctx.ref, subscriptionId: record.id }
    const ttl = ctx.ttl !== undefined && 'ttl' in ctx.ttl ? ctx.ttl.ttl : 0
    return profile.answers.accepted({ origin: ctx.origin, ttl, note })
  }

  return {
    name: 'webpush',
    subjectOf(request) {
      const route = parseEndpointPath(request.path, request.authority)
      return { flavour: route.browser, target: 'id' in route ? route.id : undefined }
    },
    handle(request) {
      try {
        return handlePush(request)
      } catch {
        return internalError(profiles, request)
      }
    },
    reset() {
      store.clear()
      verifier.clear()
    },
    subscribe(input) {
      const created = store.subscribe(input)
      return created.ok ? ok(toInfo(created.value)) : created
    },
    unsubscribe(id, state = 'unsubscribed') {
      const record = store.get(id)
      if (record === undefined) return notFound(id)
      record.state = state
      return ok(toInfo(record))
    },
    removeSubscription(id) {
      return store.remove(id) ? ok(undefined) : notFound(id)
    },
    getSubscription(id) {
      const record = store.get(id)
      return record && toInfo(record)
    },
    listSubscriptions: () => store.all().map(toInfo),
    decrypt(ref, body) {
      return decryptWith(store.get(ref.subscriptionId)?.keys, ref, body)
    },
    exportState: () => exportRecords(store.all(), store.generation()),
    importState(state) {
      const parsed = parseRecords(state)
      if (!parsed.ok) return parsed
      // The saved run may have drawn more than it kept: continue on fresh streams, never repeating its ids and keys.
      store.replaceAll(parsed.value.records, parsed.value.generation + 1)
      return ok(parsed.value.records.length)
    },
  }
}

function decryptWith(keys: Parameters<typeof decryptAes128gcm>[0] | undefined, ref: DecryptRef, body: Buffer): Result<Buffer> {
  if (keys === undefined) return notFound(ref.subscriptionId)
  const decrypted =
    ref.encoding === 'aes128gcm'
      ? decryptAes128gcm(keys, body)
      : ref.salt !== undefined && ref.dh !== undefined
        ? decryptAesgcm(keys, body, ref.salt, ref.dh)
        : { error: 'aesgcm needs the salt and dh of the request headers' }
  if ('error' in decrypted) {
    return fail(simError('INVALID_ARGUMENT', `Failed to decrypt push body: ${decrypted.error}`))
  }
  return ok(decrypted.plaintext)
}

function notFound(id: string): Result<never> {
  return fail(simError('NOT_FOUND', `Failed to find web push subscription ${id}`, 'list subscriptions to see the known ids'))
}

/** Last resort: handle() must answer every input, in the flavour's form when the path names one. */
function internalError(profiles: Record<Browser, FlavourProfile>, request: SimRequest): Outcome {
  let browser: Browser | undefined
  try {
    browser = parseEndpointPath(request.path, request.authority).browser
  } catch {
    browser = undefined
  }
  if (browser === undefined) return respond(500, {}, undefined, { reason: 'internal' })
  return profiles[browser].answers.refused({ kind: 'internal' }, { flavour: browser })
}
