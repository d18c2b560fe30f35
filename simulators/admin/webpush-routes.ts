import { simError } from '../kernel/errors.ts'
import { subscribeProblems, WEB_PUSH_ORIGINS, type Browser, type SubscribeInput } from '../providers/webpush/index.ts'
import type { AdminRegistry, AdminWebPush } from './dependencies.ts'
import { defined } from './fields.ts'
import { failed, fromResult, ok, type Route } from './router.ts'

export const BROWSERS: readonly Browser[] = ['chrome', 'firefox', 'kaios', 'safari']

/** `origins.http` / `origins.https`: the Web Push listeners an endpoint may point at. */
export function webpushRoutes(webpush: AdminWebPush, registry: AdminRegistry, origins: () => { http: string; https: string }): Route[] {
  return [
    { method: 'GET', path: '/webpush/subscriptions', describe: 'All subscriptions (public keys and auth secrets, never the private keys).', handle: () => ok(webpush.listSubscriptions()) },
    {
      method: 'POST',
      path: '/webpush/subscriptions',
      describe:
        'Subscribe as a browser: {browser, applicationServerKey?, secure? (default true: endpoint on the TLS listener, as real push services are), realOrigin? (endpoint on the browser\'s real push service, e.g. https://updates.push.services.mozilla.com/…, for programs run through `pushsim exec`), id?, keys? {p256dh?, auth, privateKey} (base64url: the user agent\'s keys, to replay known vectors such as RFC 8291 Appendix A)}. Returns the PushSubscription JSON under `subscription`.',
      accepts: { body: 'fields' },
      handle: ({ fields }) => {
        const browser = fields.oneOf('browser', BROWSERS)
        if (browser === undefined && fields.problems.length === 0) fields.problems.push(`browser: required (${BROWSERS.join(', ')})`)
        const secure = fields.boolean('secure')
        const realOrigin = fields.boolean('realOrigin')
        const applicationServerKey = fields.string('applicationServerKey')
        const id = fields.string('id')
        const keyFields = fields.object('keys')
        const keys = defined({ p256dh: keyFields.string('p256dh'), auth: keyFields.string('auth', true), privateKey: keyFields.string('privateKey', true) })
        // https by default: real endpoints are, and the web-push library only speaks https.
        const origin = realOrigin === true && browser !== undefined ? WEB_PUSH_ORIGINS[browser] : secure === false ? origins().http : origins().https
        const input: SubscribeInput = defined({ browser: browser!, origin, applicationServerKey, id, keys: keyFields.present ? keys : undefined })
        // The core's own checks (keys that do not match, a Chrome subscription without a key…), named in the same answer.
        if (browser !== undefined && fields.problems.length === 0) fields.problems.push(...subscribeProblems(input))
        const checked = fields.done(input)
        return checked.ok ? registry.saved(fromResult(webpush.subscribe(checked.value), 201)) : failed(checked.error)
      },
    },
    {
      method: 'GET',
      path: '/webpush/subscriptions/:id',
      describe: 'One subscription.',
      handle: ({ params }) => {
        const found = webpush.getSubscription(params.id!)
        return found ? ok(found) : failed(simError('NOT_FOUND', `Failed to find subscription ${params.id}.`))
      },
    },
    {
      method: 'POST',
      path: '/webpush/subscriptions/:id/unsubscribe',
      describe: "The browser unsubscribes: {state? ('unsubscribed'|'expired')}; later pushes get the flavour's 410.",
      accepts: { body: 'fields' },
      handle: ({ params, fields }) => {
        const input = fields.done({ state: fields.oneOf('state', ['unsubscribed', 'expired'] as const) })
        return input.ok ? registry.saved(fromResult(webpush.unsubscribe(params.id!, input.value.state))) : failed(input.error)
      },
    },
    { method: 'DELETE', path: '/webpush/subscriptions/:id', describe: 'Forget a subscription (its endpoint then answers 404).', handle: ({ params }) => registry.saved(fromResult(webpush.removeSubscription(params.id!))) },
  ]
}
