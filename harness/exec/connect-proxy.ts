import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { routeOf, type RouteTable } from './routes.ts'

/** A running HTTPS CONNECT proxy: `url` is what HTTPS_PROXY names. */
export interface ConnectProxy {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

export interface ConnectProxyOptions {
  routes: RouteTable
  host?: string
  port?: number
  /** Told of every CONNECT refused (not a provider host), once per `host:port`. */
  onRefused?: (hostPort: string) => void
}

/**
 * For programs not on Node: a CONNECT to a provider's host is tunnelled to
 * the simulator that plays it, and the client's TLS runs end to end inside
 * (SNI, certificate and Host stay the real names). Anything else is refused
 * with 403: no traffic leaves loopback. Plain-HTTP proxy requests are refused
 * too; the providers speak only HTTPS.
 */
export async function startConnectProxy(options: ConnectProxyOptions): Promise<ConnectProxy> {
  const sockets = new Set<Socket>()
  const refused = new Set<string>()
  const refuse = (hostPort: string): void => {
    if (refused.has(hostPort)) return
    refused.add(hostPort)
    options.onRefused?.(hostPort)
  }
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    refuse(request.headers.host ?? request.url ?? '?')
    response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' })
    response.end('pushsim proxy: only CONNECT to the push providers\' hosts is tunnelled\n')
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    client.on('error', () => {})
    const hostPort = request.url ?? ''
    const target = routeOf(options.routes, hostPort)
    if (target === undefined) {
      refuse(hostPort)
      return void client.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\npushsim proxy: ${hostPort} is not a push provider's host; nothing leaves loopback\n`)
    }
    const colon = target.lastIndexOf(':')
    const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon).replace(/^\[(.*)\]$/, '$1'))
    sockets.add(upstream)
    let connected = false
    upstream.once('close', () => {
      sockets.delete(upstream)
      // Before it connected, the 502 below is still being written.
      if (connected) client.destroy()
    })
    client.once('close', () => upstream.destroy())
    upstream.once('error', () => {
      if (!connected) client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n')
    })
    upstream.once('connect', () => {
      connected = true
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}
