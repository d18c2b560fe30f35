import type { Rng } from '../kernel/rng.ts'
import { registerFcm } from '../credentials/defaults.ts'
import { createFcmCredential, GOOGLE_TOKEN_URI } from '../credentials/fcm-service-account.ts'
import type { AdminFcm, AdminRegistry } from './dependencies.ts'
import { defined } from './fields.ts'
import { failed, fromResult, ok, type Route } from './router.ts'

export function fcmRoutes(fcm: AdminFcm, registry: AdminRegistry, credentialsDir: string, rng: Rng, tokenUri: () => string): Route[] {
  return [
    // clientEmail, projectId and privateKeyId (a key's name, not the key): never the private key.
    { method: 'GET', path: '/fcm/service-accounts', describe: 'Registered service accounts: {clientEmail, projectId, privateKeyId} (no key material).', handle: () => ok(fcm.listServiceAccounts()) },
    {
      method: 'POST',
      path: '/fcm/service-accounts',
      describe: 'Register a service account: {clientEmail, projectId, key (PEM), privateKeyId?}.',
      accepts: { body: 'fields' },
      handle: ({ fields }) => {
        const input = fields.done(
          defined({
            clientEmail: fields.string('clientEmail', true),
            projectId: fields.string('projectId', true),
            key: fields.string('key', true),
            privateKeyId: fields.string('privateKeyId'),
          }),
        )
        return input.ok ? fromResult(registry.registerServiceAccount(input.value), 201) : failed(input.error)
      },
    },
    {
      method: 'POST',
      path: '/fcm/credentials',
      describe:
        "Create a service-account JSON and register it: {projectId?, tokenUri? ('simulator' (default): token_uri → this simulator; 'google': Google's, for programs run through `pushsim exec`)}. The answer carries the JSON (private key included) this once.",
      accepts: { body: 'fields' },
      handle: ({ fields }) => {
        const input = fields.done({ projectId: fields.string('projectId'), tokenUri: fields.oneOf('tokenUri', ['simulator', 'google'] as const) })
        if (!input.ok) return failed(input.error)
        const held = new Set(fcm.listServiceAccounts().map((account) => account.clientEmail))
        const credential = createFcmCredential(credentialsDir, rng, input.value.tokenUri === 'google' ? GOOGLE_TOKEN_URI : tokenUri(), input.value.projectId, (email) => held.has(email))
        registerFcm(registry, credential)
        // What a Google console download gives, once: a caller on another machine cannot read `path`.
        return ok({ projectId: credential.projectId, clientEmail: credential.clientEmail, path: credential.path, serviceAccount: credential.serviceAccount }, 201)
      },
    },
    { method: 'GET', path: '/fcm/tokens', describe: 'Registration tokens with a registered state.', handle: () => ok(fcm.listTokens()) },
    {
      method: 'POST',
      path: '/fcm/tokens',
      describe: "Register a registration token: {token, project?, state? ('valid'|'unregistered')}.",
      accepts: { body: 'fields' },
      handle: ({ fields }) => {
        const input = fields.done(
          defined({ token: fields.string('token', true), project: fields.string('project'), state: fields.oneOf('state', ['valid', 'unregistered'] as const) }),
        )
        return input.ok ? registry.saved(fromResult(fcm.registerToken(input.value), 201)) : failed(input.error)
      },
    },
    {
      method: 'POST',
      path: '/fcm/tokens/:token/unregister',
      describe: 'Mark a token unregistered: later sends get 404 UNREGISTERED.',
      handle: ({ params }) => registry.saved(fromResult(fcm.unregisterToken(params.token!))),
    },
    { method: 'DELETE', path: '/fcm/tokens/:token', describe: 'Forget a token (valid again).', handle: ({ params }) => registry.saved(fromResult(fcm.removeToken(params.token!))) },
    {
      method: 'POST',
      path: '/fcm/access-tokens/expire',
      describe: 'Expire every OAuth access token issued so far.',
      handle: () => ok({ expired: fcm.expireAccessTokens() }),
    },
  ]
}
