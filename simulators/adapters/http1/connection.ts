import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { ConnectionBehaviour } from '../../kernel/connection-behaviour.ts'
import type { Delivery, Respond } from '../../kernel/delivery.ts'
import type { SimRequest } from '../../kernel/exchange.ts'
import { NOTHING_WRITTEN, type Departure, type WireOutcome } from '../../kernel/wire-outcome.ts'
import type { ConnectionTable } from '../connections.ts'
import { arrive, runExchange, type ExchangeDeps, type OpenExchange } from '../exchange-runner.ts'
import type { LiveConnection } from '../live-connections.ts'
import { writeBody, type BodyWriter } from '../body-writer.ts'
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
 * earlier slot is written; a hang leaves it open until the client leaves.
 */
interface Slot {
  /** The exchange the slot answers; absent for `100 Continue` and parse errors. */
  exchange?: OpenExchange
  /** Writes the answer and calls `done` once it is fully written (later, for a delayed body). */
  write?: (done: (after: AfterAnswer) => void) => void
  /** Never to be answered (a hang), or never to be finished (a stall): everything behind it waits for the client to leave. */
  stuck?: boolean
  /** What of its answer reached the socket so far. */
  status: number
  bytes: number
}

// Pipelined requests held at once; past this the socket is not read until answers drain.
const MAX_PENDING = 1024

/**
 * Serves HTTP/1.1 on one accepted socket (plain, or TLS after ALPN chose
 * http/1.1): parses pipelined requests, runs each exchange, writes every
 * answer that is ready after one read in a single corked write, and settles
 * each exchange with what reached the client.
 */
export function serveHttp1(socket: Socket, options: Http1Options, behaviour: ConnectionBehaviour): LiveConnection {
  const tls = (socket as { encrypted?: boolean }).encrypted === true
  const connection = options.connections.of(socket, 'http/1.1', tls)
  const parser = createRequestParser(options.maxBodyBytes)
  const slots: Slot[] = []
  /** The slot whose answer is being written (a delayed, dribbled or stalled body); no longer in `slots`. */
  let inFlight: Slot | undefined
  let ended = false // an answer closed the connection, or it broke: read and write no more
  let clientEnded = false // the client half-closed: answer what it asked, then end
  /** When and how the client left (its FIN, or a reset): owed answers are abandoned at that moment. */
  let departure: { by: Departure; atMs: number } | undefined
  let lastRead = false // a request asked to close: nothing after it is read, even in later reads
  let inRead = false
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
        slots.push({ write: (done) => (socket.write(errorHead(408), 'latin1'), done('end')), status: 0, bytes: 0 })
        flushLater()
      },
      Math.max(0, requestStartedAt + limit - performance.now()),
    ).unref()
  }

  /** Settles every exchange still owed; nothing more will be written for them. */
  const settleOwed = (outcomeOf: (slot: Slot) => WireOutcome, atMs?: number): void => {
    for (const slot of inFlight ? [inFlight, ...slots] : slots) if (slot.exchange && !slot.exchange.isSettled) slot.exchange.settle(outcomeOf(slot), atMs)
    inFlight = undefined
    slots.length = 0
  }
  const abandoned = (slot: Slot): WireOutcome => ({ kind: 'abandoned', status: slot.status, bytes: slot.bytes, by: departure!.by })
  const unanswered = (slot: Slot): WireOutcome => (slot.status === 0 ? NOTHING_WRITTEN.unanswered : { kind: 'cut', status: slot.status, bytes: slot.bytes })
  const leftBefore = (): { by: Departure; atMs: number } | undefined => departure

  // Answers still owed when the client half-closes are written before our side ends.
  socket.allowHalfOpen = true
  socket.setNoDelay(true)
  socket.setTimeout(KEEP_ALIVE_SECONDS * 1000, () => {
    // An idle keep-alive connection ends; one with an answer still owed (a hang fault) waits for the client's own timeout.
    if (slots.length === 0 && inFlight === undefined) socket.destroy()
  })
  socket.on('error', (error: NodeJS.ErrnoException) => {
    // A reset from the client: every answer still owed is abandoned now.
    departure ??= { by: error.code === 'EPIPE' ? 'fin' : 'tcp-reset', atMs: performance.now() }
  })
  socket.once('close', () => {
    clearTimeout(requestTimer)
    if (departure) settleOwed(abandoned, departure.atMs)
    else settleOwed(unanswered)
  })
  socket.on('end', () => {
    clientEnded = true
    departure ??= { by: 'fin', atMs: performance.now() }
    // A half-closing client may still read what it asked, unless it waits behind a hang or a stall: then it has left.
    if (inFlight?.stuck || slots.some((slot) => slot.stuck)) return end()
    if (slots.length === 0 && inFlight === undefined) end()
  })

  const end = (): void => {
    if (ended) return
    ended = true
    if (departure) settleOwed(abandoned, departure.atMs)
    else settleOwed(unanswered)
    socket.end()
  }
  /** Our side ends the connection at once (a reset or a cut): what is owed is never written. */
  const drop = (): void => {
    ended = true
    settleOwed(unanswered)
  }

  const pump = (): void => {
    while (inFlight === undefined && !ended && slots.length > 0 && (slots[0]!.write !== undefined || slots[0]!.exchange?.isSettled)) {
      const slot = slots.shift()!
      // Settled before it was decided: its client left while a fault waited.
      if (slot.write === undefined) continue
      inFlight = slot
      let synchronous = true
      slot.write((after) => {
        inFlight = undefined
        if (after === 'end') end()
        else if (after === 'dropped') drop()
        else if (!synchronous) flushLater()
      })
      synchronous = false
    }
    if (ended || inFlight !== undefined) return
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

  const answer = (request: ParsedRequest, slot: Slot, delivery: Delivery, exchange: OpenExchange): void => {
    slot.exchange = exchange // also when decided before runExchange returned
    if (ended || socket.destroyed) return exchange.settle(departure ? abandoned(slot) : NOTHING_WRITTEN.unanswered, departure?.atMs)
    switch (delivery.kind) {
      case 'respond':
        slot.write = respondWith(socket, request, slot, delivery, request.keepAlive, options, leftBefore)
        break
      case 'hang':
        slot.stuck = true
        if (clientEnded) end()
        return // never answered: the client's own timeout has to fire
      case 'reset':
      case 'rst-stream': // HTTP/1.1 has no streams: the nearest thing is dropping the connection
        exchange.settle(NOTHING_WRITTEN.reset)
        drop()
        return options.resetConnection(socket.remotePort)
      case 'refuse':
        // HTTP/1.1 cannot refuse one request: the connection closes unanswered, which a client may safely retry.
        exchange.settle({ kind: 'refused', status: 0, bytes: 0 })
        drop()
        return void socket.destroy()
      case 'goaway':
        // HTTP/1.1's GOAWAY: answer, say the connection ends, and end it.
        if (!delivery.response) {
          exchange.settle(NOTHING_WRITTEN.dropped)
          drop()
          return void socket.destroy()
        }
        slot.write = respondWith(socket, request, slot, { kind: 'respond', response: delivery.response }, false, options, leftBefore)
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
        slots.push({ write: (done) => (socket.write(CONTINUE, 'latin1'), done('keep')), status: 0, bytes: 0 })
      } else if (event.kind === 'error') {
        slots.push({ write: (done) => (socket.write(errorHead(event.status), 'latin1'), done('end')), status: 0, bytes: 0 })
      } else {
        const request = event.request
        requestCompleted = true
        const slot: Slot = { status: 0, bytes: 0 }
        slots.push(slot)
        slot.exchange = runExchange(options, simRequest(request, connection, tls), arrive(options), behaviour.faultIds, (delivery, exchange) => answer(request, slot, delivery, exchange))
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

  return {
    shutdown: () => {
      // The simulators stop: an exchange still owed was hung (or its answer still coming).
      settleOwed((slot) => ({ kind: 'hung', status: slot.status, bytes: slot.bytes }))
      ended = true
      socket.destroy()
    },
  }
}

function simRequest(request: ParsedRequest, connection: SimRequest['connection'], tls: boolean): SimRequest {
  return {
    method: request.method,
    path: request.target,
    authority: request.headers.host ?? '',
    scheme: tls ? 'https' : 'http',
    headers: request.headers,
    rawHeaders: request.rawHeaders,
    body: request.body,
    bodyOverflow: request.bodyOverflow,
    bodyLength: request.bodyLength,
    connection,
  }
}

/**
 * The writer of one answer: head, then the body at once, after a wait, at a
 * dribble, or cut. It settles the slot's exchange once its fate is known.
 */
function respondWith(
  socket: Socket,
  request: ParsedRequest,
  slot: Slot,
  delivery: Respond,
  keepAlive: boolean,
  options: Http1Options,
  leftBefore: () => { by: Departure; atMs: number } | undefined,
): NonNullable<Slot['write']> {
  return (done) => {
    const exchange = slot.exchange!
    const { status, headers, body } = delivery.response
    const length = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length
    const head = responseHead(status, headers, length, keepAlive)
    // HEAD answers state the length of the body they leave out.
    const bodyLength = request.method === 'HEAD' ? 0 : length
    const cut = delivery.cut
    slot.status = status
    if (cut === undefined && delivery.bodyDelayMs === undefined && delivery.bytesPerSecond === undefined) {
      // The common answer: head and body in one write, no closure, no copy.
      if (bodyLength === 0) socket.write(head, 'latin1')
      else if (typeof body === 'string') socket.write(head + body)
      else {
        socket.write(head, 'latin1')
        socket.write(body!)
      }
      slot.bytes = bodyLength
      const left = leftBefore()
      exchange.settle(left ? { kind: 'answered', status, bytes: bodyLength, by: left.by } : { kind: 'answered', status, bytes: bodyLength }, undefined, left?.atMs)
      return done(keepAlive ? 'keep' : 'end')
    }
    /** The body is all out: the answer is complete, unless a cut ends the connection or stalls it now. */
    const finish = (): void => {
      const complete = slot.bytes === bodyLength
      // An answer written after the client half-closed was answered, but the client had said it was done: name when.
      const left = leftBefore()
      const outcome: WireOutcome = complete ? { kind: 'answered', status, bytes: slot.bytes, ...(left ? { by: left.by } : {}) } : { kind: 'cut', status, bytes: slot.bytes }
      if (cut?.by === 'stall') {
        slot.stuck = true
        if (complete) exchange.settle(outcome, undefined, left?.atMs)
        return // never done: the answers behind it wait, as behind a hang, until the client leaves
      }
      exchange.settle(outcome, undefined, left?.atMs)
      if (cut === undefined) return done(keepAlive ? 'keep' : 'end')
      done('dropped')
      // Let the partial body reach the socket, then drop the connection mid-answer (HTTP/1.1 has no RST_STREAM: a reset).
      if (cut.by === 'rst-stream') setImmediate(() => options.resetConnection(socket.remotePort))
      else setImmediate(() => socket.destroy())
    }
    socket.write(head, 'latin1')
    const bodyBytes = bodyLength === 0 ? EMPTY : typeof body === 'string' ? Buffer.from(body) : body!
    const sent = cut === undefined ? bodyBytes : bodyBytes.subarray(0, cut.afterBytes)
    const writer: BodyWriter = {
      write: (bytes) => {
        if (socket.destroyed) return false
        if (bytes.length > 0) socket.write(bytes)
        slot.bytes += bytes.length
        return true
      },
      scheduler: options.scheduler,
    }
    // A destroyed socket stops the writer; the close handler has settled the exchange then.
    writeBody(writer, sent, delivery, true, finish)
  }
}

const EMPTY = Buffer.alloc(0)
