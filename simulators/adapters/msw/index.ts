import { http, HttpResponse, type HttpHandler } from 'msw'
import { systemClock, type Clock } from '../../kernel/clock.ts'
import type { Result } from '../../kernel/errors.ts'
import type { ProviderCore, SimRequest } from '../../kernel/exchange.ts'
import { newConnection } from '../../kernel/request.ts'
import { createRng, randomSeed } from '../../kernel/rng.ts'
import { realScheduler } from '../../kernel/scheduler.ts'
import { createLedger, type Ledger } from '../../ledger/ledger.ts'
import { createFcmCore, type FcmCore, type FcmOptions } from '../../providers/fcm/index.ts'
import { createWebPushCore, type Browser, type SubscriptionInfo, type WebPushCore } from '../../providers/webpush/index.ts'
import { arrive, runExchange } from '../exchange-runner.ts'
import { coreFor, WEB_PUSH_ORIGINS } from './hosts.ts'

export { WEB_PUSH_ORIGINS } from './hosts.ts'

const NO_FAULTS: readonly string[] = []

export interface InProcessOptions {
  seed?: string
  clock?: Clock
  fcm?: Omit<FcmOptions, 'clock' | 'rng'>
}

/**
 * FCM and Web Push answered in process, for code whose provider host is
 * hard-wired (firebase-admin): msw handlers built on the same provider cores
 * as the socket servers, so both answer byte for byte the same.
 *
 * @note APNs needs the real server: msw intercepts node:http/https and fetch, not node:http2.
 *
 * @example
 * const sims = createInProcessSimulators({ seed: 'demo' })
 * const server = setupServer(...sims.handlers)
 * server.listen({ onUnhandledRequest: 'error' })
 */
export interface InProcessSimulators {
  readonly seed: string
  readonly handlers: HttpHandler[]
  readonly fcm: FcmCore
  readonly webpush: WebPushCore
  readonly ledger: Ledger
  /** Subscribes as `browser` with an endpoint on that browser's real push service host. */
  subscribe(browser: Browser, applicationServerKey?: string): Result<SubscriptionInfo>
}

export function createInProcessSimulators(options: InProcessOptions = {}): InProcessSimulators {
  const seed = options.seed ?? randomSeed()
  const rng = createRng(seed)
  const clock = options.clock ?? systemClock
  const fcm = createFcmCore({ ...options.fcm, clock, rng: rng.fork('fcm') })
  const webpush = createWebPushCore({ clock, rng: rng.fork('webpush') })
  const ledger = createLedger({ decrypt: (ref, body) => webpush.decrypt(ref, body) })
  const cores = { fcm, webpush }
  // No fault injection in process: the socket servers are where faults live.
  const deps = { ledger, clock, scheduler: realScheduler(), rng: rng.fork('exchanges') }

  const handler = http.all(
    ({ request }) => coreFor(new URL(request.url)) !== undefined,
    async ({ request }) => {
      const url = new URL(request.url)
      const core: ProviderCore = cores[coreFor(url)!]
      const arrival = arrive(deps)
      const simRequest = await toSimRequest(request, url)
      return new Promise<Response>((resolve) => {
        runExchange({ ...deps, core }, simRequest, arrival, NO_FAULTS, (delivery, exchange) => {
          // No faults in process: every delivery is an answer, handed whole to the client.
          if (delivery.kind !== 'respond') {
            exchange.settle({ kind: 'reset', status: 0, bytes: 0 })
            return resolve(HttpResponse.error())
          }
          const { body, status, headers } = delivery.response
          exchange.settle({ kind: 'answered', status, bytes: body === undefined ? 0 : Buffer.byteLength(body) })
          resolve(new HttpResponse(body === undefined || body.length === 0 ? null : body, { status, headers }))
        })
      })
    },
  )

  return {
    seed,
    handlers: [handler],
    fcm,
    webpush,
    ledger,
    subscribe: (browser, applicationServerKey) =>
      webpush.subscribe({ browser, origin: WEB_PUSH_ORIGINS[browser], ...(applicationServerKey ? { applicationServerKey } : {}) }),
  }
}

async function toSimRequest(request: Request, url: URL): Promise<SimRequest> {
  const body = Buffer.from(await request.arrayBuffer())
  const headers: Record<string, string> = {}
  const rawHeaders: string[] = []
  request.headers.forEach((value, name) => {
    headers[name] = value
    rawHeaders.push(name, value)
  })
  return {
    method: request.method,
    path: url.pathname + url.search,
    authority: url.host,
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    headers,
    rawHeaders,
    body,
    bodyOverflow: false,
    bodyLength: body.length,
    connection: newConnection('in-process', url.protocol === 'https:'),
  }
}
