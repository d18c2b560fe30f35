import type { Socket } from 'node:net'
import type { Delivery } from '../../kernel/delivery.ts'
import type { SimRequest } from '../../kernel/exchange.ts'
import type { ConnectionTable } from '../connections.ts'
import { arrive, runExchange, type ExchangeDeps } from '../exchange-runner.ts'
import { createRequestParser, type ParsedRequest } from './request-parser.ts'
import { CONTINUE, errorHead, KEEP_ALIVE_SECONDS, responseHead } from './response-head.ts'

export interface Http1Options extends ExchangeDeps {
  connections: ConnectionTable
  maxBodyBytes: number
  /** TCP RST of the connection whose peer has this port (the listener owns the raw sockets). */
  resetConnection(peerPort: number | undefined): void
  /** Time allowed for a request's head and for the whole request, node:http's defaults unless given (tests shorten them). */
  timeouts?: { headersMs: number; requestMs: number }
}

/** node:http's headersTimeout and requestTimeout: a client trickling bytes cannot hold a socket forever. */
const DEFAULT_TIMEOUTS = { headersMs: 60_000, requestMs: 300_000 }

/** What a written answer leaves of the connection. */
type AfterAnswer = 'keep' | 'end' | 'dropped'

/**
 * One answer owed to the client. HTTP/1.1 answers go out in request order,
 * so a slot waits until its exchange is decided (`write` set) and every
 * earlier slot is written; a hang leaves it open forever, as it should.
 */
interface Slot {
  /** Writes the answer and calls `done` once it is fully written (later, for a delayed body). */
  write?: (done: (after: AfterAnswer) => void) => void
}

// Pipelined requests held at once; past this the socket is not read until answers drain.
const MAX_PENDING = 1024

/**
 * Serves HTTP/1.1 on one accepted socket: parses pipelined requests, runs
 * each exchange, and writes every answer that is ready after one read in
 * a single corked write.
 */
export function serveHttp1(socket: Socket, options: Http1Options): void {
  const connection = options.connections.of(socket, 'http/1.1', false)
  const parser = createRequestParser(options.maxBodyBytes)
  const slots: Slot[] = []
  let writing = false // a slot's delayed body is still to come
  let ended = false // an answer closed the connection, or it broke: read and write no more
  let clientEnded = false // the client half-closed: answer what it asked, then end
  let lastRead = false // a request asked to close: nothing after it is read, even in later reads
  let inRead = false
  // The request being received: when it started, and the timer that ends it if it takes too long.
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS
  let requestStartedAt = 0
  let requestTimer: NodeJS.Timeout | undefined
  let timedPhase: 'nothing' | 'head' | 'body' = 'nothing'
  /** After each read: (re)arms the timer only when a request starts or its head is done, not on every read. */
  const watchSlowRequest = (requestCompleted: boolean): void => {
    const receiving = ended ? 'nothing' : parser.receiving
    if (receiving === timedPhase && !requestCompleted) return
    if (requestTimer !== undefined) clearTimeout(requestTimer)
    requestTimer = undefined
    timedPhase = receiving
    if (receiving === 'nothing') return void (requestStartedAt = 0)
    if (requestCompleted || requestStartedAt === 0 || receiving === 'head') requestStartedAt = performance.now()
    const limit = receiving === 'head' ? timeouts.headersMs : timeouts.requestMs
    requestTimer = setTimeout(
      () => {
        requestTimer = undefined
        if (ended || parser.receiving === 'nothing') return
        // node:http's answer to a request that did not arrive in time; nothing more is read.
        lastRead = true
        slots.push({ write: (done) => (socket.write(errorHead(408), 'latin1'), done('end')) })
        flushLater()
      },
      Math.max(0, requestStartedAt + limit - performance.now()),
    ).unref()
  }

  // Answers still owed when the client half-closes are written before our side ends.
  socket.allowHalfOpen = true
  socket.setNoDelay(true)
  socket.setTimeout(KEEP_ALIVE_SECONDS * 1000, () => {
    // An idle keep-alive connection ends; one with an answer still owed (a hang fault) waits for the client's own timeout.
    if (slots.length === 0 && !writing) socket.destroy()
  })
  socket.on('error', () => {}) // a client that vanishes is not our failure
  socket.once('close', () => clearTimeout(requestTimer))
  socket.on('end', () => {
    clientEnded = true
    if (slots.length === 0 && !writing) end()
  })

  const end = (): void => {
    if (ended) return
    ended = true
    slots.length = 0
    socket.end()
  }

  const pump = (): void => {
    while (!writing && !ended && slots.length > 0 && slots[0]!.write !== undefined) {
      const slot = slots.shift()!
      writing = true
      let synchronous = true
      slot.write!((after) => {
        writing = false
        if (after === 'end') end()
        else if (after === 'dropped') ended = true
        else if (!synchronous) flushLater()
      })
      synchronous = false
    }
    if (ended || writing) return
    if (clientEnded && slots.length === 0) return end()
    if (socket.isPaused() && slots.length < MAX_PENDING / 2 && !socket.writableNeedDrain) socket.resume()
  }

  // Answers decided outside a read (faults with delays) are batched per event-loop turn.
  let flushQueued = false
  const flushLater = (): void => {
    if (flushQueued) return
    flushQueued = true
    setImmediate(() => {
      flushQueued = false
      if (socket.destroyed) return
      socket.cork()
      pump()
      socket.uncork()
    })
  }

  const answer = (request: ParsedRequest, slot: Slot, delivery: Delivery): void => {
    if (ended || socket.destroyed) return
    switch (delivery.kind) {
      case 'respond':
        slot.write = respondWith(socket, request, delivery, request.keepAlive, options)
        break
      case 'hang':
        return // never answered: the client's own timeout has to fire
      case 'reset':
      case 'rst-stream': // HTTP/1.1 has no streams: the nearest thing is dropping the connection
        ended = true
        return options.resetConnection(socket.remotePort)
      case 'goaway':
        // HTTP/1.1's GOAWAY: answer, say the connection ends, and end it.
        if (!delivery.response) {
          ended = true
          return void socket.destroy()
        }
        slot.write = respondWith(socket, request, { kind: 'respond', response: delivery.response }, false, options)
        break
    }
    // Answers decided during a read are written by its uncork; later ones on the next turn.
    if (inRead) pump()
    else flushLater()
  }

  socket.on('data', (chunk: Buffer) => {
    if (ended || lastRead) return
    inRead = true
    let requestCompleted = false
    socket.cork()
    for (const event of parser.push(chunk)) {
      if (ended) break
      if (event.kind === 'continue') {
        slots.push({ write: (done) => (socket.write(CONTINUE, 'latin1'), done('keep')) })
      } else if (event.kind === 'error') {
        slots.push({ write: (done) => (socket.write(errorHead(event.status), 'latin1'), done('end')) })
      } else {
        const request = event.request
        requestCompleted = true
        const slot: Slot = {}
        slots.push(slot)
        runExchange(options, simRequest(request, connection), arrive(options.clock), (delivery) => answer(request, slot, delivery))
        // A request that asks to close is the last one read (RFC 9112 §9.6), also when its answer comes later.
        if (!request.keepAlive) {
          lastRead = true
          break
        }
      }
    }
    pump()
    socket.uncork()
    inRead = false
    watchSlowRequest(requestCompleted)
    if (!ended && (slots.length >= MAX_PENDING || socket.writableNeedDrain)) {
      socket.pause()
      if (socket.writableNeedDrain) socket.once('drain', pump)
    }
  })
}

function simRequest(request: ParsedRequest, connection: SimRequest['connection']): SimRequest {
  return {
    method: request.method,
    path: request.target,
    authority: request.headers.host ?? '',
    scheme: 'http',
    headers: request.headers,
    rawHeaders: request.rawHeaders,
    body: request.body,
    bodyOverflow: request.bodyOverflow,
    bodyLength: request.bodyLength,
    connection,
  }
}

function respondWith(socket: Socket, request: ParsedRequest, delivery: Extract<Delivery, { kind: 'respond' }>, keepAlive: boolean, options: Http1Options): NonNullable<Slot['write']> {
  return (done) => {
    const { status, headers, body } = delivery.response
    const payload = body ?? ''
    const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length
    const head = responseHead(status, headers, length, keepAlive)
    const after: AfterAnswer = keepAlive ? 'keep' : 'end'
    // HEAD answers state the length of the body they leave out.
    const withBody = request.method !== 'HEAD' && length > 0
    if (delivery.closeAfterBytes !== undefined) {
      socket.write(head, 'latin1')
      if (withBody) socket.write(toBuffer(payload).subarray(0, delivery.closeAfterBytes))
      // Let the partial body reach the socket, then drop the connection mid-answer.
      setImmediate(() => socket.destroy())
      return done('dropped')
    }
    if (delivery.bodyDelayMs !== undefined && withBody) {
      socket.write(head, 'latin1')
      options.scheduler.after(delivery.bodyDelayMs, () => {
        if (socket.destroyed) return
        socket.write(payload)
        done(after)
      })
      return
    }
    if (!withBody) socket.write(head, 'latin1')
    else if (typeof payload === 'string') socket.write(head + payload)
    else {
      socket.write(head, 'latin1')
      socket.write(payload)
    }
    done(after)
  }
}

const toBuffer = (payload: string | Buffer): Buffer => (typeof payload === 'string' ? Buffer.from(payload) : payload)
