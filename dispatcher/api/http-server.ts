import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createInterface } from 'node:readline'
import type { AudienceMember } from '../engine/intake.ts'
import { createReportBatch, type ReportBatch } from './report-batch.ts'
import { ROUTES } from './routes.ts'
import type { ApiErrorCode, ApiResult, DispatcherService, PageQuery } from './service.ts'
import { checkMember } from './validate.ts'

const STATUS: Record<ApiErrorCode, number> = { INVALID_ARGUMENT: 400, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, INTERNAL: 500 }
const MAX_JSON_BODY = 1024 * 1024

export interface DispatcherServer {
  url: string
  close(): Promise<void>
}

/**
 * The dispatcher's HTTP API (dispatcher/api/openapi.yaml) on node:http. `inTransaction` (the store's
 * batch) lets device reports that arrive together share one commit; without it each commits alone.
 */
export async function startHttpServer(service: DispatcherService, options: { host: string; port: number; inTransaction?: <T>(work: () => T) => T }): Promise<DispatcherServer> {
  const sockets = new Set<Socket>()
  const reports = createReportBatch(options.inTransaction ?? ((work) => work()))
  const server = createServer((req, res) => {
    route(service, reports, req, res).catch((error: unknown) => send(res, 500, { error: { code: 'INTERNAL', message: `Failed to ${req.method} ${req.url}: ${String(error)}` } }))
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

async function route(service: DispatcherService, reports: ReportBatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://dispatcher')
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
  const method = req.method ?? 'GET'
  const [head, id, sub] = parts
  if (method === 'GET' && parts.length === 0) return send(res, 200, { name: 'pushsim reference dispatcher', routes: ROUTES })
  if (method === 'GET' && parts.length === 1 && head === 'health') return send(res, 200, service.health())
  if (parts.length === 1 && head === 'clock') {
    if (method === 'GET') return send(res, 200, service.clock())
    if (method === 'PUT') return reply(res, service.setClock(await readJson(req)))
  }
  if (head === 'campaigns' && parts.length === 1) {
    if (method === 'GET') return send(res, 200, service.listCampaigns())
    if (method === 'POST') return reply(res, service.createCampaign(await readJson(req)), 201)
  }
  if (head === 'campaigns' && id !== undefined && parts.length === 2 && method === 'GET') return reply(res, service.getCampaign(id))
  if (head === 'campaigns' && id !== undefined && parts.length === 3) {
    if (sub === 'audience' && method === 'POST') return reply(res, await service.sendAudience(id, readAudience(req)))
    if (sub === 'sends' && method === 'POST') return reply(res, service.sendTransactional(id, await readJson(req)), 201)
    const page = pageQuery(url)
    if (method === 'GET' && sub === 'messages') return reply<unknown>(res, page ? service.messagesPage(id, page) : service.messages(id))
    if (method === 'GET' && sub === 'deliveries') return reply<unknown>(res, page ? service.deliveriesPage(id, page) : service.deliveries(id))
    if (method === 'GET' && sub === 'metrics') return reply(res, service.metrics(id, url.searchParams.get('profile') ?? undefined, url.searchParams.get('variant') ?? undefined))
    if (method === 'GET' && sub === 'trends') return reply(res, service.trends(id, url.searchParams.get('period') ?? 'day'))
  }
  if (method === 'GET' && parts.length === 1 && head === 'devices') return reply(res, service.devicesPage(optionalPageQuery(url)))
  if (method === 'POST' && parts.length === 1 && head === 'identify') return reply(res, service.identify(await readJson(req)))
  if (method === 'POST' && parts.length === 1 && head === 'track') {
    const report = await readJson(req)
    return reply(res, await reports(() => service.track(report)), 202)
  }
  if (method === 'POST' && parts.length === 1 && head === 'conversions') {
    const conversion = await readJson(req)
    return reply(res, await reports(() => service.convert(conversion)), 202)
  }
  send(res, 404, { error: { code: 'NOT_FOUND', message: `Failed to find ${method} ${url.pathname}; GET / lists every route.` } })
}

/** `?limit=` (and `after=`) asks for the paged form of a list; without them the whole list, as before. */
function pageQuery(url: URL): PageQuery | undefined {
  const limit = url.searchParams.get('limit')
  const after = url.searchParams.get('after')
  if (limit === null && after === null) return undefined
  return { limit: limit ?? '', ...(after === null ? {} : { after }) }
}

/** The devices list is always paged: a missing `limit` is the largest page. */
function optionalPageQuery(url: URL): Partial<PageQuery> {
  const limit = url.searchParams.get('limit')
  const after = url.searchParams.get('after')
  return { ...(limit === null ? {} : { limit }), ...(after === null ? {} : { after }) }
}

function reply<T>(res: ServerResponse, result: ApiResult<T>, status = 200): void {
  if (result.ok) send(res, status, result.value)
  else send(res, STATUS[result.code], { error: { code: result.code, message: result.message } })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end()
  const text = JSON.stringify(body) + '\n'
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_JSON_BODY) return undefined
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}

/** NDJSON, one member per line, read as it arrives; a bad line ends the stream with its problems. */
async function* readAudience(req: IncomingMessage): AsyncIterable<AudienceMember> {
  let line = 0
  for await (const text of createInterface({ input: req, crlfDelay: Infinity })) {
    line++
    if (text.trim() === '') continue
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new AudienceError([`line ${line}: not JSON`])
    }
    const checked = checkMember(parsed, line)
    if (!checked.ok) throw new AudienceError(checked.problems)
    yield checked.value
  }
}

/** A rejected audience line; the service turns it into INVALID_ARGUMENT. */
export class AudienceError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '))
  }
}
