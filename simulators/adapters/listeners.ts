import {
  createSecureServer,
  createServer as createH2cServer,
  type Http2SecureServer,
  type Http2Server,
  type Http2Session,
  type Settings,
} from 'node:http2'
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import type { TlsMaterial } from '../tls/certificates.ts'
import { DEFAULT_MAX_BODY_BYTES } from './body.ts'
import { createConnectionTable } from './connections.ts'
import type { ExchangeDeps } from './exchange-runner.ts'
import { serveHttp1 } from './http1/connection.ts'
import { createRequestHandler } from './request-handler.ts'
import { createStreamHandler } from './stream-handler.ts'

export type ListenerKind = 'http' | 'https' | 'h2' | 'h2c'

/** One listening socket serving one provider core. */
export interface Listener {
  readonly kind: ListenerKind
  readonly port: number
  readonly url: string
  close(): Promise<void>
}

export interface ListenOptions extends ExchangeDeps {
  kind: ListenerKind
  host: string
  port: number
  tls?: TlsMaterial
  /** Initial HTTP/2 SETTINGS (APNs advertises 1 stream until a valid token). */
  settings?: Settings
  maxBodyBytes?: number
}

/**
 * Starts a listener of the given kind:
 * - `http`: HTTP/1.1 in clear;
 * - `https`: TLS with ALPN h2 and http/1.1 (Google's and Apple's web front ends);
 * - `h2`: TLS with ALPN h2 only (APNs refuses anything else);
 * - `h2c`: HTTP/2 in clear with prior knowledge.
 */
export async function listen(options: ListenOptions): Promise<Listener> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const connections = createConnectionTable()
  const sessions = new Set<Http2Session>()
  const sockets = new Set<Socket>()
  // The raw TCP sockets by peer port: under TLS only these can send a real RST.
  const rawByPeer = new Map<number, Socket>()
  const resetConnection = (peerPort: number | undefined): void => {
    const raw = peerPort === undefined ? undefined : rawByPeer.get(peerPort)
    if (raw && typeof raw.resetAndDestroy === 'function') raw.resetAndDestroy()
    else raw?.destroy()
  }
  const deps = { ...options, connections, maxBodyBytes, resetConnection }
  const server = createServerOf(options, deps)
  // Plain HTTP/1.1 is served by pushsim's own lean adapter; TLS and HTTP/2 by node's servers.
  const accept = server ? (socket: Socket) => server.emit('connection', socket) : (socket: Socket) => serveHttp1(socket, deps)
  let accepted = 0

  // Sockets are accepted here and handed to the protocol server, so a
  // slow-connect fault can hold one before its TLS handshake or first byte.
  const front = createNetServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket)
    const peerPort = socket.remotePort
    if (peerPort !== undefined) rawByPeer.set(peerPort, socket)
    socket.once('close', () => {
      sockets.delete(socket)
      if (peerPort !== undefined && rawByPeer.get(peerPort) === socket) rawByPeer.delete(peerPort)
    })
    socket.on('error', () => {})
    const delayMs = options.faults?.connectDelayMs(options.core.name, ++accepted) ?? 0
    const handOver = () => {
      if (socket.destroyed) return
      accept(socket)
      socket.resume()
    }
    if (delayMs > 0) options.scheduler.after(delayMs, handOver)
    else handOver()
  })
  server?.on('session', (session: Http2Session) => {
    sessions.add(session)
    session.on('error', () => {}) // protocol errors end the session; they are the client's
    session.once('close', () => sessions.delete(session))
  })
  server?.on('sessionError', () => {})
  server?.on('tlsClientError', () => {})

  await new Promise<void>((resolve, reject) => {
    front.once('error', reject)
    front.listen(options.port, options.host, () => {
      front.off('error', reject)
      resolve()
    })
  })
  const port = (front.address() as AddressInfo).port
  const scheme = options.kind === 'http' || options.kind === 'h2c' ? 'http' : 'https'
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    kind: options.kind,
    port,
    url: `${scheme}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        front.close(() => resolve())
        for (const session of sessions) session.destroy()
        for (const socket of sockets) socket.destroy()
      }),
  }
}

type AnyServer = Http2SecureServer | Http2Server

/** The node server a listener hands its sockets to; none for plain HTTP/1.1. */
function createServerOf(options: ListenOptions, deps: Parameters<typeof createRequestHandler>[0]): AnyServer | undefined {
  switch (options.kind) {
    case 'http':
      return undefined
    case 'https':
      return createSecureServer({ ...tlsOf(options), allowHTTP1: true, settings: options.settings ?? {} }, createRequestHandler(deps))
    case 'h2': {
      const server = createSecureServer({ ...tlsOf(options), allowHTTP1: false, settings: options.settings ?? {}, unknownProtocolTimeout: 1_000 })
      server.on('stream', createStreamHandler({ ...deps, tls: true }))
      return server
    }
    case 'h2c': {
      const server = createH2cServer({ settings: options.settings ?? {} })
      server.on('stream', createStreamHandler({ ...deps, tls: false }))
      return server
    }
  }
}

function tlsOf(options: ListenOptions): { cert: string; key: string } {
  if (!options.tls) throw new Error(`Failed to start a ${options.kind} listener: no TLS material was given.`)
  return { cert: options.tls.cert, key: options.tls.key }
}

