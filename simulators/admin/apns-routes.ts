import type { Rng } from '../kernel/rng.ts'
import { createApnsCredential } from '../credentials/apns-key.ts'
import { registerApns } from '../credentials/defaults.ts'
import type { AdminApns, AdminRegistry } from './dependencies.ts'
import { defined } from './fields.ts'
import { failed, fromResult, ok, type Route } from './router.ts'

const ENVIRONMENTS = ['sandbox', 'production'] as const

export function apnsRoutes(apns: AdminApns, registry: AdminRegistry, credentialsDir: string, rng: Rng): Route[] {
  return [
    // keyId, teamId, environment and topics: never the key, which the registry keeps for restarts only.
    { method: 'GET', path: '/apns/keys', describe: 'Registered provider-token signing keys: {keyId, teamId, environment, topics} (no key material).', handle: () => ok(apns.listKeys()) },
    {
      method: 'POST',
      path: '/apns/keys',
      describe: 'Register a signing key: {keyId, teamId, key (PEM), environment?, topics?}.',
      accepts: { body: 'fields' },
      handle: ({ fields }) => {
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
      describe: 'Create a signing key (.p8) in the state directory and register it: {topic?}. The answer carries the key (PEM) this once.',
      accepts: { body: 'fields' },
      handle: async ({ fields }) => {
        const input = fields.done({ topic: fields.string('topic') })
        if (!input.ok) return failed(input.error)
        const held = new Set(apns.listKeys().map((key) => key.keyId))
        const credential = await createApnsCredential(credentialsDir, rng, input.value.topic, (keyId) => held.has(keyId))
        registerApns(registry, credential)
        // The key is what this route is for, and a caller on another machine cannot read keyPath: it is returned once.
        return ok({ keyId: credential.keyId, teamId: credential.teamId, topic: credential.topic, keyPath: credential.keyPath, key: credential.key }, 201)
      },
    },
    { method: 'GET', path: '/apns/tokens', describe: 'Device tokens with a registered state.', handle: () => ok(apns.listTokens()) },
    {
      method: 'POST',
      path: '/apns/tokens',
      describe: "Register a device token: {token, state? ('valid'|'unregistered'|'expired'), topic?, environment?, unregisteredAt? (epoch ms)}.",
      accepts: { body: 'fields' },
      handle: ({ fields }) => {
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
      accepts: { body: 'fields' },
      handle: ({ params, fields }) => {
        const input = fields.done({ at: fields.number('at') })
        return input.ok ? registry.saved(fromResult(apns.unregisterToken(params.token!, input.value.at))) : failed(input.error)
      },
    },
    { method: 'DELETE', path: '/apns/tokens/:token', describe: 'Forget a token (valid again).', handle: ({ params }) => registry.saved(fromResult(apns.removeToken(params.token!))) },
  ]
}
