/**
 * The live dashboard (`pushsim serve --ui`, `pushsim run --ui`): one page on
 * loopback with the exchanges as the ledger records them, the active faults
 * with controls, and the run's progress and stats. It reads the simulators
 * in this process (their ledger and fault engine, the same ones the admin
 * API serves) and speaks to the page over server-sent events and a small
 * JSON API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { readJsonBody } from '../../simulators/admin/router.ts'
import { simError, type SimError } from '../../simulators/kernel/errors.ts'
import type { Simulators } from '../../simulators/serve.ts'
import { createDashboardAccess } from './access.ts'
import { CONTENT_SECURITY_POLICY, createAssets } from './assets.ts'
import { createEventStream } from './event-stream.ts'
import { createExchangeFeed, type ExchangeFeed } from './exchange-feed.ts'
import { addFault, removeFault, replaceFault, type ActionAnswer } from './fault-actions.ts'
import { faultFormSchema } from './fault-form-schema.ts'
import { createRunPanel, type RunPanelControl } from './run-panel.ts'

export interface DashboardOptions {
  /** Every request must carry it (access.ts). */
  token: string
  /** 0 picks a free port. */
  port: number
  /** Always loopback by default; the page changes faults. */
  host?: string
}

export interface Dashboard {
  /** The page's address, without the token. */
  readonly url: string
  /** Shows these simulators (replacing any before): their ledger, faults and clock. */
  attach(sims: Simulators): void
  /** Stops watching the simulators (they are closing); the page keeps what it has. */
  detach(): void
  readonly run: RunPanelControl
  close(): Promise<void>
}

/** Default --ui-port: next to the simulators' 7770–7776. */
export const DEFAULT_UI_PORT = 7777

/** How often new exchanges, fault changes and the clock go to the page (wall ms): batches, not an event per exchange. */
const TICK_MS = 500

const CLOSE_GRACE_MS = 1_000

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  let sims: Simulators | undefined
  let feed: ExchangeFeed | undefined
  let lastFaults = ''
  const faultsNow = () => (sims ? { timeScale: sims.faults.timeScale, faults: sims.faults.list() } : { timeScale: 1, faults: [] })
  const simulatorsNow = () => (sims ? { seed: sims.seed, endpoints: sims.endpoints, virtualNow: new Date(sims.clock.now()).toISOString(), recorded: sims.ledger.recorded } : null)
  const snapshot = () => ({ simulators: simulatorsNow(), exchanges: { rows: feed?.recent() ?? [], counters: feed?.counters() ?? {} }, faults: faultsNow(), run: run.current() })
  const events = createEventStream(snapshot)
  const run = createRunPanel((panel) => events.send('run', panel))
  const assets = createAssets()

  const tick = setInterval(() => {
    if (feed === undefined) return
    const { rows, skipped } = feed.drain()
    if (rows.length > 0 || skipped > 0) events.send('exchanges', { rows, skipped, counters: feed.counters() })
    // The admin API and the CLI change faults too: the page follows whoever did.
    const faults = JSON.stringify(faultsNow())
    if (faults !== lastFaults) {
      lastFaults = faults
      events.send('faults', faultsNow())
    }
    events.send('simulators', simulatorsNow())
  }, TICK_MS)

  let port = 0
  const access = createDashboardAccess(options.token, () => port)
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => sendJson(res, 500, { error: simError('INTERNAL', `Failed to ${req.method} ${req.url}: ${(error as Error).message}`) }))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard')
    const allowed = access(req, url)
    if (!allowed.ok) return sendJson(res, allowed.status, { error: allowed.error }, allowed.status === 401 ? { 'www-authenticate': 'Bearer realm="pushsim-dashboard"' } : {})
    // The token was in the address: keep it in a cookie, and take it out of the address bar and history.
    if (allowed.setCookie) return void res.writeHead(303, { location: '/', 'set-cookie': allowed.setCookie, 'cache-control': 'no-store' }).end()
    const path = url.pathname
    if (req.method === 'GET' && path === '/events') return events.open(req, res)
    if (req.method === 'GET' && path === '/api/state') return sendJson(res, 200, snapshot())
    if (req.method === 'GET' && path === '/api/fault-form') return sendJson(res, 200, faultFormSchema())
    if (path === '/api/faults' || path.startsWith('/api/faults/')) return sendAnswer(res, await faultAction(req, decodeURIComponent(path.slice('/api/faults/'.length))))
    const asset = req.method === 'GET' ? assets(path) : undefined
    if (asset === undefined) return sendJson(res, 404, { error: simError('NOT_FOUND', `Failed to find ${req.method} ${path}.`) })
    res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' })
    res.end(asset.body)
  }

  async function faultAction(req: IncomingMessage, id: string): Promise<ActionAnswer> {
    if (sims === undefined) return failed(simError('CONFLICT', 'Failed to change faults: the simulators are not running.'), 409)
    if (req.method === 'GET' && id === '') return { status: 200, body: faultsNow() }
    if (req.method === 'DELETE' && id !== '') return removeFault(sims.faults, id)
    if (req.method !== 'POST' && req.method !== 'PUT') return failed(simError('INVALID_ARGUMENT', `Failed to ${req.method} a fault: use POST /api/faults, PUT or DELETE /api/faults/<id>.`), 405)
    const body = await readJsonBody(req)
    if (!body.ok) return failed(body.error, 400)
    if (req.method === 'POST' && id === '') return addFault(sims.faults, body.value)
    if (req.method === 'PUT' && id !== '') return replaceFault(sims.faults, id, body.value)
    return failed(simError('INVALID_ARGUMENT', `Failed to ${req.method} /api/faults/${id}: use POST /api/faults, PUT or DELETE /api/faults/<id>.`), 405)
  }

  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  const host = options.host ?? '127.0.0.1'
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, host, () => resolve())
    })
  } catch (error) {
    clearInterval(tick)
    events.close()
    throw error
  }
  port = (server.address() as AddressInfo).port
  const detach = () => {
    // The last exchanges, before the simulators go.
    if (feed) events.send('exchanges', { ...feed.drain(), counters: feed.counters() })
    feed?.close()
    feed = undefined
    sims = undefined
  }
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    attach(next) {
      detach()
      sims = next
      feed = createExchangeFeed(next.ledger)
      events.send('snapshot', snapshot())
    },
    detach,
    run,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(tick)
        detach()
        events.close()
        server.close(() => resolve())
        // Ended streams flush and close by themselves; a request still in progress gets a moment, then its socket goes.
        setTimeout(() => {
          for (const socket of sockets) socket.destroy()
        }, CLOSE_GRACE_MS).unref()
      }),
  }
}

const failed = (error: SimError, status: number): ActionAnswer => ({ status, body: { error } })

const sendAnswer = (res: ServerResponse, answer: ActionAnswer) => sendJson(res, answer.status, answer.body)

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body) + '\n'
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(text)
}
