import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { adminExposureProblem } from './admin/access.ts'
import { startAdminServer } from './admin/server.ts'
import { listen, type Listener } from './adapters/listeners.ts'
import { startLoadShedder, type OverloadOptions } from './adapters/overload.ts'
import { ensureDefaultCredentials, type DefaultCredentials } from './credentials/defaults.ts'
import { systemClock, type Clock } from './kernel/clock.ts'
import { createRng, randomSeed } from './kernel/rng.ts'
import type { RunClock } from './kernel/run-clock.ts'
import { isRunClock, runClockOf } from './kernel/run-clock-of.ts'
import { clockScheduler } from './kernel/scheduler.ts'
import { createInFlight } from './adapters/in-flight.ts'
import { findEntry } from './catalogue/index.ts'
import { createFaultEngine, type FaultEngine } from './faults/engine/engine.ts'
import { createLedger, type Ledger } from './ledger/ledger.ts'
import { createNdjsonSink } from './ledger/ndjson-sink.ts'
import { createApnsCore, reasonBody, type ApnsCore, type ApnsOptions } from './providers/apns/index.ts'
import { createFcmCore, type FcmCore, type FcmOptions } from './providers/fcm/index.ts'
import { createWebPushCore, isChromePushPath, type WebPushCore } from './providers/webpush/index.ts'
import { openRegistry, type Registry } from './state/registry.ts'
import type { SimRequest } from './kernel/exchange.ts'
import { ensureTlsMaterial, type TlsMaterial } from './tls/certificates.ts'

/** Fixed, documented default ports; 0 picks a free one (tests). */
export const DEFAULT_PORTS = {
  admin: 7770,
  apns: 7771,
  apnsH2c: 7772,
  fcm: 7773,
  fcmTls: 7774,
  webpush: 7775,
  webpushTls: 7776,
} as const

export type PortName = keyof typeof DEFAULT_PORTS

export interface SimulatorsOptions {
  host?: string
  /** Address of the admin API (default: `host`). Beyond loopback it needs `adminToken`. */
  adminHost?: string
  /** When set, every admin request must carry `Authorization: Bearer <adminToken>`; required for an admin API beyond loopback. */
  adminToken?: string
  ports?: Partial<Record<PortName, number>>
  /** Where TLS material, credentials, the registry and the ledger file live. */
  stateDir?: string
  seed?: string
  /**
   * The run clock every rule reads (token expiry, fault windows, rate limits…);
   * a plain Clock is taken as the wall of a new one. Default: a new run clock on the system wall.
   */
  clock?: RunClock | Clock
  ledgerCapacity?: number
  /** Append every exchange to `<stateDir>/ledger.ndjson` (default true). */
  ledgerFile?: boolean
  apns?: Omit<ApnsOptions, 'clock' | 'rng'>
  fcm?: Omit<FcmOptions, 'clock' | 'rng'>
  /** The new run clock's scale, wall ms per virtual ms (0.01: a 10 s outage lasts 100 ms of wall time). A RunClock given as `clock` keeps its own. */
  timeScale?: number
  /** Faults active from the start: one fault, a list, or `{faults: […]}`; the same language as the admin API. */
  faults?: unknown
  /** HTTP/2 connections without a stream or frame this long are closed with GOAWAY (default 10 min; 0: never). */
  http2IdleTimeoutMs?: number
  /** Load shedding: the event-loop delay past which exchanges get 503 with Retry-After, and connections per listener. */
  overload?: OverloadOptions
}

export interface Endpoints {
  admin: string
  apns: string
  apnsH2c: string
  fcm: string
  fcmTls: string
  oauthToken: string
  webpush: string
  webpushTls: string
}

export interface Simulators {
  readonly seed: string
  readonly stateDir: string
  readonly endpoints: Endpoints
  readonly tls: TlsMaterial
  readonly ledger: Ledger
  readonly apns: ApnsCore
  readonly fcm: FcmCore
  readonly webpush: WebPushCore
  readonly registry: Registry
  readonly credentials: DefaultCredentials
  readonly faults: FaultEngine
  /** The run's virtual clock (GET/PUT /clock). */
  readonly clock: RunClock
  /** Exchanges begun and not yet recorded in the ledger: 0 when the simulators are quiet. */
  inFlight(): number
  /** Stops every listener and flushes the ledger; idempotent. */
  close(): Promise<void>
}

export const DEFAULT_STATE_DIR = '.pushsim'

function isGoogleHost(authority: string): boolean {
  const host = authority.toLowerCase()
  return host === 'fcm.googleapis.com' || host.startsWith('fcm.googleapis.com:')
}

/** Starts the three simulators, their admin API and ledger on loopback. */
export async function startSimulators(options: SimulatorsOptions = {}): Promise<Simulators> {
  const host = options.host ?? '127.0.0.1'
  // The admin API reads the ledger and registers credentials: beyond loopback only behind a token, checked before anything listens.
  const adminHost = options.adminHost ?? host
  const exposure = adminExposureProblem(adminHost, options.adminToken)
  if (exposure) throw Object.assign(new Error(exposure.message), exposure)
  const ports = { ...DEFAULT_PORTS, ...options.ports }
  const stateDir = resolve(options.stateDir ?? DEFAULT_STATE_DIR)
  mkdirSync(stateDir, { recursive: true })
  const seed = options.seed ?? randomSeed()
  const rng = createRng(seed)
  const clock = runClockOf(options.clock, options.timeScale)
  // The ledger records wall instants; clock.virtualAt maps them back.
  const wall: Clock = options.clock !== undefined && !isRunClock(options.clock) ? options.clock : systemClock
  const tls = await ensureTlsMaterial(join(stateDir, 'tls'))
  const scheduler = clockScheduler(clock)
  const inFlight = createInFlight()
  const faults = createFaultEngine({ seed, clock, scheduler, knownCode: (name) => findEntry(name) !== undefined })
  if (options.faults !== undefined) {
    const added = faults.add(options.faults)
    if (!added.ok) throw Object.assign(new Error(added.error.message), { code: 'PUSHSIM_BAD_PLAN', details: added.error.details })
  }

  const apns = createApnsCore({ ...options.apns, clock, rng: rng.fork('apns') })
  const fcm = createFcmCore({ ...options.fcm, clock, rng: rng.fork('fcm') })
  const webpush = createWebPushCore({ clock, rng: rng.fork('webpush') })
  const registry = openRegistry(stateDir, { apns, fcm, webpush })
  const ledger = createLedger({
    ...(options.ledgerCapacity === undefined ? {} : { capacity: options.ledgerCapacity }),
    ...(options.ledgerFile === false ? {} : { sink: createNdjsonSink(join(stateDir, 'ledger.ndjson')) }),
    decrypt: (ref, body) => webpush.decrypt(ref, body),
    wall,
  })

  const shedder = startLoadShedder(options.overload)
  const listeners: Listener[] = []
  // A request that names Google's host keeps it through `pushsim exec`: Chrome's web push paths on it are web push (Google's front end).
  const googleFrontEnd = (request: SimRequest): WebPushCore | undefined => (isChromePushPath(request.path) && isGoogleHost(request.authority) ? webpush : undefined)
  const start = async (name: PortName, kind: Listener['kind'], core: ApnsCore | FcmCore | WebPushCore, settings?: object): Promise<Listener> => {
    const listener = await listen({
      ...(core === fcm ? { routeTo: googleFrontEnd } : {}),
      ...(options.http2IdleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.http2IdleTimeoutMs }),
      // APNs names the reason it closes an idle connection (protocols.md §1.7 IdleTimeout, §1.8 GOAWAY debug data).
      ...(core === apns ? { idleDebug: reasonBody('IdleTimeout') } : {}),
      kind,
      host,
      port: ports[name],
      tls,
      core,
      ledger,
      clock,
      wall,
      scheduler,
      faults,
      inFlight,
      rng: rng.fork(`exchanges/${name}`),
      shedder,
      ...(options.overload?.maxConnections === undefined ? {} : { maxConnections: options.overload.maxConnections }),
      ...(settings ? { settings } : {}),
    })
    listeners.push(listener)
    return listener
  }
  try {
    // APNs' documented initial SETTINGS (protocols.md §1.8), with 1 stream until a valid token.
    const apnsSettings = { headerTableSize: 4096, maxConcurrentStreams: apns.initialMaxConcurrentStreams, initialWindowSize: 65_535, maxFrameSize: 16_384, maxHeaderListSize: 8000 }
    const apnsTls = await start('apns', 'h2', apns, apnsSettings)
    const apnsH2c = await start('apnsH2c', 'h2c', apns, apnsSettings)
    const fcmHttp = await start('fcm', 'http', fcm)
    const fcmTls = await start('fcmTls', 'https', fcm)
    const webpushHttp = await start('webpush', 'http', webpush)
    const webpushTls = await start('webpushTls', 'https', webpush)
    const credentials = await ensureDefaultCredentials(join(stateDir, 'credentials'), rng.fork('credentials'), `${fcmHttp.url}/token`, registry)
    const endpoints: Endpoints = {
      admin: '',
      apns: apnsTls.url,
      apnsH2c: apnsH2c.url,
      fcm: fcmHttp.url,
      fcmTls: fcmTls.url,
      oauthToken: `${fcmHttp.url}/token`,
      webpush: webpushHttp.url,
      webpushTls: webpushTls.url,
    }
    let closed: Promise<void> | undefined
    const simulators: Simulators = {
      seed,
      stateDir,
      endpoints,
      tls,
      ledger,
      apns,
      fcm,
      webpush,
      registry,
      credentials,
      faults,
      clock,
      inFlight: () => inFlight.count,
      close: () =>
        (closed ??= (async () => {
          shedder.stop()
          await Promise.all(listeners.map((listener) => listener.close()))
          registry.flush()
          await ledger.close()
        })()),
    }
    const admin = await startAdminServer({
      host: adminHost,
      port: ports.admin,
      ...(options.adminToken === undefined ? {} : { token: options.adminToken }),
      dependencies: { seed, stateDir, caPath: tls.caPath, endpoints: () => endpoints, ledger, faults, clock, apns, fcm, webpush, registry },
    })
    listeners.push(admin)
    endpoints.admin = admin.url
    faults.markStart()
    return simulators
  } catch (error) {
    shedder.stop()
    await Promise.all(listeners.map((listener) => listener.close()))
    await ledger.close()
    throw error
  }
}
