import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import { createServer as createTlsServer, type TLSSocket } from 'node:tls'
import { NORMAL_CONNECTION, type ConnectionBehaviour } from '../kernel/connection-behaviour.ts'
import type { TlsMaterial } from '../tls/certificates.ts'
import { createConnectionTable } from './connections.ts'
import { holdConnection, replayingStream } from './held-connections.ts'
import type { ExchangeDeps } from './exchange-runner.ts'
import { serveHttp1 } from './http1/connection.ts'
import { serveHttp2 } from './http2/connection.ts'
import type { LocalSettings } from './http2/session.ts'
import type { LiveConnection } from './live-connections.ts'
import { DEFAULT_MAX_CONNECTIONS } from './overload.ts'

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
  /** HTTP/2: close a connection idle this long (default 10 min; 0: never), with this GOAWAY debug data. */
  idleTimeoutMs?: number
  idleDebug?: string
  maxBodyBytes?: number
  /** Open connections at once; more are closed as they arrive (load shedding). */
  maxConnections?: number
}

/** Bytes of a request body kept in memory; the rest is counted and dropped. Above every provider limit. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000

/**
 * Starts a listener of the given kind, all on pushsim's own protocol
 * servers (one wire path per protocol):
 * - `http`: HTTP/1.1 in clear;
 * - `https`: TLS; ALPN picks h2 or http/1.1 (Google's and Apple's web front ends);
 * - `h2`: TLS with ALPN h2 only (APNs refuses anything else);
 * - `h2c`: HTTP/2 in clear with prior knowledge.
 */
export async function listen(options: ListenOptions): Promise<Listener> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const connections = createConnectionTable()
  const sockets = new Set<Socket>()
  const live = new Set<LiveConnection>()
  // The raw TCP sockets by peer port: under TLS only these can send a real RST.
  const rawByPeer = new Map<number, Socket>()
  const resetConnection = (peerPort: number | undefined): void => {
    const raw = peerPort === undefined ? undefined : rawByPeer.get(peerPort)
    if (raw && typeof raw.resetAndDestroy === 'function') raw.resetAndDestroy()
    else raw?.destroy()
  }
  const deps = { ...options, connections, maxBodyBytes, resetConnection }
  const serve = protocolOf(options.kind, deps, options)
  /** Hands a socket (raw, or TLS once negotiated) to its protocol server and tracks it until it closes. */
  const track = (socket: Socket, behaviour: ConnectionBehaviour, protocol: 'http/1.1' | 'h2'): void => {
    const connection = protocol === 'h2' ? serve.http2(socket, behaviour) : serve.http1(socket, behaviour)
    live.add(connection)
    socket.once('close', () => live.delete(connection))
  }
  // The behaviour decided for a raw socket at accept, found again by peer port once its TLS handshake is done.
  const behaviourByPeer = new Map<number, ConnectionBehaviour>()
  // Held connections released over a replaying stream, in release order (two released together share a fault, as a rule).
  const releasedBehaviours: ConnectionBehaviour[] = []
  const tlsServer =
    options.kind === 'https' || options.kind === 'h2'
      ? secureServer(options, (socket, protocol) => track(socket, (socket.remotePort === undefined ? releasedBehaviours.shift() : behaviourByPeer.get(socket.remotePort)) ?? NORMAL_CONNECTION, protocol))
      : undefined
  let accepted = 0
  // Set while the listener closes: a held connection it destroys was still held (`open`), not left by its client.
  let closing = false

  // Sockets are accepted here and handed to the protocol server, so a
  // slow-connect fault can hold one before its TLS handshake or first byte.
  // No Nagle, as node's HTTP servers: a small answer must not wait for the client's delayed ACK.
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS
  const front = createNetServer({ pauseOnConnect: true, noDelay: true }, (socket) => {
    // Past the limit a connection is closed at once: memory stays bounded, and a client may retry elsewhere.
    if (sockets.size >= maxConnections) return void socket.destroy()
    sockets.add(socket)
    const peerPort = socket.remotePort
    if (peerPort !== undefined) rawByPeer.set(peerPort, socket)
    socket.once('close', () => {
      sockets.delete(socket)
      if (peerPort !== undefined && rawByPeer.get(peerPort) === socket) {
        rawByPeer.delete(peerPort)
        behaviourByPeer.delete(peerPort)
      }
    })
    socket.on('error', () => {})
    const behaviour = options.faults?.connectionFaults(options.core.name, ++accepted) ?? NORMAL_CONNECTION
    const handOver = () => {
      if (socket.destroyed) return
      if (tlsServer) {
        if (peerPort !== undefined && behaviour !== NORMAL_CONNECTION) behaviourByPeer.set(peerPort, behaviour)
        tlsServer.emit('connection', socket)
      } else track(socket, behaviour, options.kind === 'h2c' ? 'h2' : 'http/1.1')
      socket.resume()
    }
    if (behaviour.acceptDelayMs > 0) {
      // The ledger's only trace of a connect the client abandons: no request ever arrives on it.
      const held = holdConnection({ ledger: options.ledger, wall: options.wall ?? options.clock, provider: options.core.name, connection: accepted, tls: tlsServer !== undefined, behaviour })
      socket.once('close', () => held.end(closing ? 'open' : 'left'))
      // Read while holding, only to see the client leave (a paused socket never sees its FIN); what it sent is put back.
      const early: Buffer[] = []
      const keep = (chunk: Buffer) => void early.push(chunk)
      socket.on('data', keep)
      socket.resume()
      options.scheduler.after(behaviour.acceptDelayMs, () => {
        socket.pause()
        socket.off('data', keep)
        if (socket.destroyed) return
        held.end('released')
        if (!tlsServer) {
          if (early.length > 0) socket.unshift(Buffer.concat(early))
          return handOver()
        }
        // No peer port on the replaying stream: its behaviour waits in line for the TLS callback.
        releasedBehaviours.push(behaviour)
        tlsServer.emit('connection', replayingStream(socket, early))
        socket.resume()
      })
    } else handOver()
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
        closing = true
        front.close(() => resolve())
        // What each connection still owes is settled (hung, unanswered) before the sockets go.
        for (const connection of [...live]) connection.shutdown()
        for (const socket of sockets) socket.destroy()
      }),
  }
}

interface Protocols {
  http1(socket: Socket, behaviour: ConnectionBehaviour): LiveConnection
  http2(socket: Socket, behaviour: ConnectionBehaviour): LiveConnection
}

function protocolOf(kind: ListenerKind, deps: Parameters<typeof serveHttp1>[1], options: ListenOptions): Protocols {
  const tls = kind === 'https' || kind === 'h2'
  const http2 = {
    ...deps,
    tls,
    settings: { ...HTTP2_DEFAULTS, ...options.settings },
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    ...(options.idleDebug === undefined ? {} : { idleDebug: options.idleDebug }),
  }
  return { http1: (socket, behaviour) => serveHttp1(socket, deps, behaviour), http2: (socket, behaviour) => serveHttp2(socket, http2, behaviour) }
}

/** The TLS front of `https` and `h2` listeners: the ALPN protocol chosen picks the server. */
function secureServer(options: ListenOptions, serve: (socket: TLSSocket, protocol: 'http/1.1' | 'h2') => void) {
  if (!options.tls) throw new Error(`Failed to start a ${options.kind} listener: no TLS material was given.`)
  const h2Only = options.kind === 'h2'
  const server = createTlsServer({ cert: options.tls.cert, key: options.tls.key, ALPNProtocols: h2Only ? ['h2'] : ['h2', 'http/1.1'] }, (socket: TLSSocket) => {
    // APNs speaks HTTP/2 only: a client that did not negotiate it is dropped, as node:http2 dropped it.
    if (h2Only && socket.alpnProtocol !== 'h2') return void socket.destroy()
    // Without ALPN a TLS client speaks HTTP/1.1 (RFC 7301 §3.1: no protocol negotiated).
    serve(socket, socket.alpnProtocol === 'h2' ? 'h2' : 'http/1.1')
  })
  server.on('tlsClientError', () => {})
  return server
}

// The FCM and Web Push front ends' HTTP/2 SETTINGS where a listener's settings do not say: RFC 9113 §6.5.2's initial
// values, and 100 concurrent streams as Google's front end advertises [interp], so one connection's memory is bounded.
const HTTP2_DEFAULTS: LocalSettings = { headerTableSize: 4096, maxConcurrentStreams: 100, initialWindowSize: 65_535, maxFrameSize: 16_384, maxHeaderListSize: 65_535 }
