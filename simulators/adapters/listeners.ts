import { createSecureServer, type Http2Session } from 'node:http2'
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'
import type { TlsMaterial } from '../tls/certificates.ts'
import { DEFAULT_MAX_BODY_BYTES } from './body.ts'
import { createConnectionTable } from './connections.ts'
import type { ExchangeDeps } from './exchange-runner.ts'
import { serveHttp1 } from './http1/connection.ts'
import { serveHttp2 } from './http2/connection.ts'
import type { LocalSettings } from './http2/session.ts'
import { createRequestHandler } from './request-handler.ts'

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
  settings?: Partial<LocalSettings>
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
  const sockets = new Set<Socket>()
  // The raw TCP sockets by peer port: under TLS only these can send a real RST.
  const rawByPeer = new Map<number, Socket>()
  const resetConnection = (peerPort: number | undefined): void => {
    const raw = peerPort === undefined ? undefined : rawByPeer.get(peerPort)
    if (raw && typeof raw.resetAndDestroy === 'function') raw.resetAndDestroy()
    else raw?.destroy()
  }
  const deps = { ...options, connections, maxBodyBytes, resetConnection }
  const protocol = protocolOf(options, deps)
  let accepted = 0

  // Sockets are accepted here and handed to the protocol server, so a
  // slow-connect fault can hold one before its TLS handshake or first byte.
  // No Nagle, as node's HTTP servers: a small answer must not wait for the client's delayed ACK.
  const front = createNetServer({ pauseOnConnect: true, noDelay: true }, (socket) => {
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
      protocol.accept(socket)
      socket.resume()
    }
    if (delayMs > 0) options.scheduler.after(delayMs, handOver)
    else handOver()
  })

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
        protocol.close()
        for (const socket of sockets) socket.destroy()
      }),
  }
}

/** What serves a listener's accepted sockets. */
interface Protocol {
  accept(socket: Socket): void
  /** Ends what the sockets alone do not (node:http2 sessions). */
  close(): void
}

/**
 * Plain HTTP/1.1 and the APNs HTTP/2 ports are served by pushsim's own lean
 * adapters; the TLS ports that mix HTTP/2 and HTTP/1.1 by node:http2.
 */
function protocolOf(options: ListenOptions, deps: Parameters<typeof createRequestHandler>[0] & { resetConnection(peerPort: number | undefined): void }): Protocol {
  const http2 = (tls: boolean) => ({ ...deps, tls, settings: { ...HTTP2_DEFAULTS, ...options.settings } })
  switch (options.kind) {
    case 'http':
      return { accept: (socket) => serveHttp1(socket, deps), close: () => {} }
    case 'h2c': {
      const settings = http2(false)
      return { accept: (socket) => void serveHttp2(socket, settings), close: () => {} }
    }
    case 'h2': {
      const settings = http2(true)
      const server = createTlsServer({ ...tlsOf(options), ALPNProtocols: ['h2'] }, (socket: TLSSocket) => {
        // APNs speaks HTTP/2 only: a client that did not negotiate it is dropped, as node:http2 dropped it.
        if (socket.alpnProtocol !== 'h2') return void socket.destroy()
        serveHttp2(socket, settings)
      })
      server.on('tlsClientError', () => {})
      return { accept: (socket) => void server.emit('connection', socket), close: () => {} }
    }
    case 'https': {
      const server = createSecureServer({ ...tlsOf(options), allowHTTP1: true, settings: options.settings ?? {} }, createRequestHandler(deps))
      const sessions = new Set<Http2Session>()
      server.on('session', (session: Http2Session) => {
        sessions.add(session)
        session.on('error', () => {}) // protocol errors end the session; they are the client's
        session.once('close', () => sessions.delete(session))
      })
      server.on('sessionError', () => {})
      server.on('tlsClientError', () => {})
      return { accept: (socket) => void server.emit('connection', socket), close: () => sessions.forEach((session) => session.destroy()) }
    }
  }
}

// node:http2's defaults where a listener's settings do not say (RFC 9113 §6.5.2 initial values).
const HTTP2_DEFAULTS: LocalSettings = { headerTableSize: 4096, maxConcurrentStreams: 2 ** 32 - 1, initialWindowSize: 65_535, maxFrameSize: 16_384, maxHeaderListSize: 65_535 }

function tlsOf(options: ListenOptions): { cert: string; key: string } {
  if (!options.tls) throw new Error(`Failed to start a ${options.kind} listener: no TLS material was given.`)
  return { cert: options.tls.cert, key: options.tls.key }
}

