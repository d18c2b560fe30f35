// Slow requests on pushsim's HTTP/1.1 adapter: node:http's headersTimeout and
// requestTimeout, shortened here, over a real loopback socket and the FCM core.
import { NORMAL_CONNECTION } from '../../kernel/connection-behaviour.ts'
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../kernel/clock.ts'
import { createRng } from '../../kernel/rng.ts'
import { realScheduler } from '../../kernel/scheduler.ts'
import { createLedger } from '../../ledger/ledger.ts'
import { createFcmCore } from '../../providers/fcm/index.ts'
import { createConnectionTable } from '../connections.ts'
import { serveHttp1 } from './connection.ts'

const HEADERS_MS = 200
const REQUEST_MS = 1_500
let server: Server
let port: number

beforeAll(async () => {
  const options = {
    core: createFcmCore({ clock: systemClock, rng: createRng('slow') }),
    ledger: createLedger(),
    clock: systemClock,
    scheduler: realScheduler(),
    rng: createRng('exchanges'),
    connections: createConnectionTable(),
    maxBodyBytes: 64 * 1024,
    resetConnection: () => {},
    timeouts: { headersMs: HEADERS_MS, requestMs: REQUEST_MS },
  }
  server = createServer((socket) => serveHttp1(socket, options, NORMAL_CONNECTION))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** Opens a socket and collects everything it receives until the server closes it (or `giveUpMs`). */
function client(giveUpMs: number): { socket: Socket; closed: Promise<{ received: string; afterMs: number }> } {
  const socket = connect(port, '127.0.0.1')
  const started = performance.now()
  let received = ''
  socket.on('data', (chunk) => (received += chunk.toString('latin1')))
  socket.on('error', () => {})
  const closed = new Promise<{ received: string; afterMs: number }>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({ received, afterMs: Number.POSITIVE_INFINITY })
    }, giveUpMs)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ received, afterMs: performance.now() - started })
    })
  })
  return { socket, closed }
}

/** Writes one byte every 40 ms until the socket closes: a client that is never idle but never done. */
function trickle(socket: Socket, byte: string): void {
  const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(byte)), 40)
  socket.once('close', () => clearInterval(timer))
}

describe('slow requests', () => {
  it('a head that never ends gets 408 after the headers timeout, though bytes keep coming', async () => {
    const { socket, closed } = client(5_000)
    socket.write('POST /v1/projects/p/messages:send HTTP/1.1\r\nHost: a\r\nX-Slow: ')
    trickle(socket, 'a')
    const { received, afterMs } = await closed
    expect(received).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n')
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_MS - 20)
    expect(afterMs).toBeLessThan(REQUEST_MS) // the headers timer, not the request timer
  })

  it('a body that never ends gets 408 after the request timeout, counted from the request start', async () => {
    const { socket, closed } = client(5_000)
    socket.write('POST /v1/projects/p/messages:send HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n{')
    trickle(socket, ' ')
    const { received, afterMs } = await closed
    expect(received).toBe('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n')
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_MS - 20)
  })

  it('answers before a slow request still come first, and an idle connection between requests is not timed out', async () => {
    const { socket, closed } = client(5_000)
    socket.write('POST /v1/projects/p/messages:send HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}')
    await new Promise((resolve) => setTimeout(resolve, REQUEST_MS + 200)) // idle, with nothing half-sent: no 408
    socket.write('POST /v1/projects/p/messages:send HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}POST /v1/projects/p/messages:send HTTP/1.1\r\nHost: a\r\n')
    const { received } = await closed
    const answers = received.split(/(?=HTTP\/1\.1 )/)
    expect(answers.map((answer) => answer.slice(0, 12))).toEqual(['HTTP/1.1 401', 'HTTP/1.1 401', 'HTTP/1.1 408'])
  })
})
