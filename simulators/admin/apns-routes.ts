import type { Rng } from '../kernel/rng.ts'
import { createApnsCredential } from '../credentials/apns-key.ts'
import { registerApns } from '../credentials/defaults.ts'
import type { ApnsCore } from '../providers/apns/index.ts'
import type { Registry } from '../state/registry.ts'
import { defined, FieldReader } from './fields.ts'
import { failed, fromResult, ok, type Route } from './router.ts'

const ENVIRONMENTS = ['sandbox', 'production'] as const

export function apnsRoutes(apns: ApnsCore, registry: Registry, credentialsDir: string, rng: Rng): Route[] {
  return [
    { method: 'GET', path: '/apns/keys', describe: 'Registered provider-token signing keys.', handle: () => ok(apns.listKeys()) },
    {
      method: 'POST',
      path: '/apns/keys',
      describe: 'Register a signing key: {keyId, teamId, key (PEM), environment?, topics?}.',
      handle: ({ body }) => {
        const fields = new FieldReader(body)
        const input = fields.done(
          defined({
            keyId: fields.string('keyId', true),
            teamId: fields.string('teamId', true),
            key: fields.string('key', true),
            environment: fields.oneOf('environment', ['sandbox', 'production', 'both'] as const),
            topics: fields.strings('topics'),
          }),
        )
        return input.ok ? fromResult(registry.registerApnsKey(input.value), 201) : failed(input.error)
      },
    },
    {
      method: 'POST',
      path: '/apns/credentials',
      describe: 'Create a signing key (.p8) in the state directory and register it: {topic?}.',
      handle: async ({ body }) => {
        const fields = new FieldReader(body)
        const input = fields.done({ topic: fields.string('topic') })
        if (!input.ok) return failed(input.error)
        const credential = await createApnsCredential(credentialsDir, rng, input.value.topic)
        registerApns(registry, credential)
        return ok({ keyId: credential.keyId, teamId: credential.teamId, topic: credential.topic, keyPath: credential.keyPath }, 201)
      },
    },
    { method: 'GET', path: '/apns/tokens', describe: 'Device tokens with a registered state.', handle: () => ok(apns.listTokens()) },
    {
      method: 'POST',
      path: '/apns/tokens',
      describe: "Register a device token: {token, state? ('valid'|'unregistered'|'expired'), topic?, environment?, unregisteredAt? (epoch ms)}.",
      handle: ({ body }) => {
        const fields = new FieldReader(body)
        const input = fields.done(
          defined({
            token: fields.string('token', true),
            state: fields.oneOf('state', ['valid', 'unregistered', 'expired'] as const),
            topic: fields.string('topic'),
            environment: fields.oneOf('environment', ENVIRONMENTS),
            unregisteredAt: fields.number('unregisteredAt'),
          }),
        )
        return input.ok ? registry.saved(fromResult(apns.registerToken(input.value), 201)) : failed(input.error)
      },
    },
    {
      method: 'POST',
      path: '/apns/tokens/:token/unregister',
      describe: 'Mark a token unregistered since {at?} (epoch ms, default now): later sends get 410 with that timestamp.',
      handle: ({ params, body }) => {
        const fields = new FieldReader(body)
        const input = fields.done({ at: fields.number('at') })
        return input.ok ? registry.saved(fromResult(apns.unregisterToken(params.token!, input.value.at))) : failed(input.error)
      },
    },
    { method: 'DELETE', path: '/apns/tokens/:token', describe: 'Forget a token (valid again).', handle: ({ params }) => registry.saved(fromResult(apns.removeToken(params.token!))) },
  ]
}
