import { simError } from '../kernel/errors.ts'
import type { Browser, WebPushCore } from '../providers/webpush/index.ts'
import type { Registry } from '../state/registry.ts'
import { defined, FieldReader } from './fields.ts'
import { failed, fromResult, ok, type Route } from './router.ts'

export const BROWSERS: readonly Browser[] = ['chrome', 'firefox', 'kaios', 'safari']

/** `origins.http` / `origins.https`: the Web Push listeners an endpoint may point at. */
export function webpushRoutes(webpush: WebPushCore, registry: Registry, origins: () => { http: string; https: string }): Route[] {
  return [
    { method: 'GET', path: '/webpush/subscriptions', describe: 'All subscriptions.', handle: () => ok(webpush.listSubscriptions()) },
    {
      method: 'POST',
      path: '/webpush/subscriptions',
      describe: 'Subscribe as a browser: {browser, applicationServerKey?, secure? (default true: endpoint on the TLS listener, as real push services are)}. Returns the PushSubscription JSON under `subscription`.',
      handle: ({ body }) => {
        const fields = new FieldReader(body)
        const browser = fields.oneOf('browser', BROWSERS)
        if (browser === undefined && fields.problems.length === 0) fields.problems.push(`browser: required (${BROWSERS.join(', ')})`)
        const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
        if (record.secure !== undefined && typeof record.secure !== 'boolean') fields.problems.push('secure: expected a boolean')
        // https by default: real endpoints are, and the web-push library only speaks https.
        const origin = record.secure === false ? origins().http : origins().https
        const input = fields.done(defined({ browser: browser!, origin, applicationServerKey: fields.string('applicationServerKey') }))
        return input.ok ? registry.saved(fromResult(webpush.subscribe(input.value), 201)) : failed(input.error)
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
      handle: ({ params, body }) => {
        const fields = new FieldReader(body)
        const input = fields.done({ state: fields.oneOf('state', ['unsubscribed', 'expired'] as const) })
        return input.ok ? registry.saved(fromResult(webpush.unsubscribe(params.id!, input.value.state))) : failed(input.error)
      },
    },
    { method: 'DELETE', path: '/webpush/subscriptions/:id', describe: 'Forget a subscription (its endpoint then answers 404).', handle: ({ params }) => registry.saved(fromResult(webpush.removeSubscription(params.id!))) },
  ]
}
