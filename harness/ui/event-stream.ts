/**
 * Server-sent events to every open dashboard. A client whose socket does
 * not keep up (its write buffer is full) is not buffered for: it misses
 * events until the socket drains, then gets a fresh snapshot instead of
 * what it missed, so a slow or paused tab costs a bounded amount of memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface EventStream {
  /** Takes over a request as an SSE stream; `snapshot` is sent first, and again after the client falls behind. */
  open(req: IncomingMessage, res: ServerResponse): void
  /** Sends one event to every client that keeps up. */
  send(event: string, data: unknown): void
  readonly clients: number
  close(): void
}

interface Client {
  res: ServerResponse
  behind: boolean
}

/** Comment lines keep idle connections open through anything that times them out. */
const HEARTBEAT_MS = 15_000

export function createEventStream(snapshot: () => unknown): EventStream {
  const clients = new Set<Client>()
  const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
  const write = (client: Client, text: string): void => {
    if (client.behind) return
    if (!client.res.write(text)) {
      client.behind = true
      client.res.once('drain', () => {
        client.behind = false
        write(client, frame('snapshot', snapshot()))
      })
    }
  }
  const heartbeat = setInterval(() => {
    for (const client of clients) write(client, ': heartbeat\n\n')
  }, HEARTBEAT_MS)
  heartbeat.unref()
  return {
    open(req, res) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' })
      const client: Client = { res, behind: false }
      clients.add(client)
      req.once('close', () => clients.delete(client))
      // A browser reconnects after 2 s when the stream breaks.
      write(client, `retry: 2000\n${frame('snapshot', snapshot())}`)
    },
    send(event, data) {
      if (clients.size === 0) return
      const text = frame(event, data)
      for (const client of clients) write(client, text)
    },
    get clients() {
      return clients.size
    },
    close() {
      clearInterval(heartbeat)
      // Ended, not destroyed: what was written (the run's last state) still reaches the page.
      for (const client of clients) client.res.end()
      clients.clear()
    },
  }
}
