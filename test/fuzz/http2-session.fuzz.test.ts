/**
 * Property-based fuzzing of pushsim's HTTP/2 session
 * (simulators/adapters/http2/session.ts), driven in-process over a Duplex:
 * arbitrary bytes after the preface, and sequences of well-formed frames
 * (HPACK blocks from the independent encoder, CONTINUATION, DATA, windows,
 * resets, PING, PRIORITY, GOAWAY, unknown types) with random flags, ids and
 * lengths, then mutated and split into random reads.
 *
 * Whatever the client sends: the session never throws; every run ends with
 * the connection open and consistent, or with a GOAWAY carrying a valid
 * error code and the socket ending (or, after the client's own GOAWAY, a
 * quiet end); every request handed over is well-formed; every byte written
 * parses as valid HTTP/2 frames; open streams and remembered resets stay
 * within their caps; and memory does not grow across thousands of sessions.
 * Then one deterministic check per flood CVE.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HpackDecoder, isHpackError } from '../../simulators/adapters/http2/hpack/index.ts'
import { check, fuzzRun, hex } from './support/fuzz-config.ts'
import { ENHANCE_YOUR_CALM, F, frame, MAX_ERROR_CODE, PREFACE, readFrames, S, settingsPayload, T, u32, type ReadFrame } from './support/h2-wire.ts'
import { ReferenceEncoder, type FieldPlan } from './support/hpack-reference.ts'
import { settledMemory } from './support/memory.ts'
import { startSession, type Harness, type ServerAction } from './support/session-harness.ts'

// ---------------------------------------------------------------- a guard for errors that escape the call stack

const escaped: unknown[] = []
const onEscape = (error: unknown) => void escaped.push(error)
beforeAll(() => {
  process.on('uncaughtException', onEscape)
  process.on('unhandledRejection', onEscape)
})
afterAll(async () => {
  await new Promise((resolve) => setImmediate(resolve))
  process.off('uncaughtException', onEscape)
  process.off('unhandledRejection', onEscape)
  expect(escaped).toEqual([])
})

const MAX_REMEMBERED_RESETS = 1024

/**
 * Session defects the fuzzing found that are reported, not yet fixed
 * (session.ts is not this file's to change): the properties skip the one
 * check each breaks, so they keep hunting for others, and a fixed case per
 * defect below (it.fails) documents it. Remove an entry once it is fixed;
 * FUZZ_STRICT=1 runs everything as if none were known.
 */
const KNOWN_DEFECTS = new Set<string>(process.env.FUZZ_STRICT ? [] : [])
/** A fixed case of a known defect is expected to fail until the defect is fixed; then it must pass. */
const defectCase = (name: string) => (KNOWN_DEFECTS.has(name) ? it.fails : it)

// ---------------------------------------------------------------- checking a run

interface InputFacts {
  /** The highest odd stream id a HEADERS frame in the input named. */
  maxClientStream: number
  clientGoaway: boolean
  maxFrameSize: number
  maxInitialWindow: number
  connectionIncrements: number
  streamIncrements: Map<number, number>
}

/** What the client's bytes allowed, read from the bytes themselves (mutations included): bounds for what the server may send. */
function inputFacts(input: Buffer): InputFacts {
  const facts: InputFacts = { maxClientStream: 0, clientGoaway: false, maxFrameSize: 16_384, maxInitialWindow: 65_535, connectionIncrements: 0, streamIncrements: new Map() }
  const body = input.subarray(0, PREFACE.length).equals(PREFACE) ? input.subarray(PREFACE.length) : Buffer.alloc(0)
  for (const f of readFrames(body).frames) {
    if (f.type === T.HEADERS && f.streamId % 2 === 1) facts.maxClientStream = Math.max(facts.maxClientStream, f.streamId)
    if (f.type === T.GOAWAY) facts.clientGoaway = true
    if (f.type === T.SETTINGS && !(f.flags & F.ACK)) {
      for (let at = 0; at + 6 <= f.payload.length; at += 6) {
        const id = f.payload.readUInt16BE(at)
        const value = f.payload.readUInt32BE(at + 2)
        if (id === S.MAX_FRAME_SIZE && value <= 2 ** 24 - 1) facts.maxFrameSize = Math.max(facts.maxFrameSize, value)
        if (id === S.INITIAL_WINDOW_SIZE && value <= 2 ** 31 - 1) facts.maxInitialWindow = Math.max(facts.maxInitialWindow, value)
      }
    }
    if (f.type === T.WINDOW_UPDATE && f.payload.length === 4) {
      const increment = f.payload.readUInt32BE(0) & 0x7fffffff
      if (f.streamId === 0) facts.connectionIncrements += increment
      else facts.streamIncrements.set(f.streamId, (facts.streamIncrements.get(f.streamId) ?? 0) + increment)
    }
  }
  return facts
}

/** Every frame the server wrote is valid HTTP/2 (RFC 9113 §4–6), within the windows the client granted, and well ordered. */
function checkOutput(h: Harness, facts: InputFacts): ReadFrame[] {
  const { frames, rest } = readFrames(h.wire.output)
  expect(hex(rest), 'a partial frame at the end of the output').toBe('')
  expect(frames[0]?.type, 'the server preface is a SETTINGS frame').toBe(T.SETTINGS)
  const decoder = new HpackDecoder(4096)
  const finished = new Set<number>()
  const dataSent = new Map<number, number>()
  let connectionData = 0
  let continuing: number | undefined
  let block: Buffer[] = []
  const answered = new Set<number>()
  /** The lowest last-stream-id of a final GOAWAY so far: no answer goes out above it. */
  let lastStreamId = Number.POSITIVE_INFINITY
  frames.forEach((f, i) => {
    const where = `frame ${i} (type ${f.type}, stream ${f.streamId})`
    expect(f.reserved, where).toBe(false)
    if (continuing !== undefined) expect([f.type, f.streamId], `${where}: CONTINUATION expected`).toEqual([T.CONTINUATION, continuing])
    switch (f.type) {
      case T.SETTINGS:
        expect(f.streamId, where).toBe(0)
        if (f.flags & F.ACK) expect(f.payload.length, where).toBe(0)
        else expect(f.payload.length % 6, where).toBe(0)
        break
      case T.PING:
        expect([f.streamId, f.payload.length], where).toEqual([0, 8])
        break
      case T.GOAWAY: {
        expect(f.streamId, where).toBe(0)
        expect(f.payload.length, where).toBeGreaterThanOrEqual(8)
        const last = f.payload.readUInt32BE(0)
        const code = f.payload.readUInt32BE(4)
        expect(code, `${where}: error code`).toBeLessThanOrEqual(MAX_ERROR_CODE)
        expect(last === 0x7fffffff || last <= facts.maxClientStream, `${where}: last-stream-id ${last}`).toBe(true)
        // A connection error ends the connection: nothing after its GOAWAY.
        if (code !== 0) expect(i, `${where}: frames after an error GOAWAY`).toBe(frames.length - 1)
        // A graceful GOAWAY's first phase names 2^31-1; any other is binding.
        if (last !== 0x7fffffff) lastStreamId = Math.min(lastStreamId, last)
        break
      }
      case T.RST_STREAM: {
        expect(f.payload.length, where).toBe(4)
        // RFC 9113 §6.4: never on an idle stream (a client treats it as a connection error).
        if (!KNOWN_DEFECTS.has('rst-on-idle')) expect(f.streamId % 2 === 1 && f.streamId <= facts.maxClientStream, `${where}: RST_STREAM on a stream the client opened`).toBe(true)
        expect(f.payload.readUInt32BE(0), `${where}: error code`).toBeLessThanOrEqual(MAX_ERROR_CODE)
        // The known defect: a bad PRIORITY on an idle stream is reset with FRAME_SIZE_ERROR, and the stream may open after.
        if (!(KNOWN_DEFECTS.has('rst-on-idle') && f.payload.readUInt32BE(0) === 0x6)) finished.add(f.streamId)
        break
      }
      case T.WINDOW_UPDATE: {
        expect(f.payload.length, where).toBe(4)
        const increment = f.payload.readUInt32BE(0)
        expect(increment > 0 && increment <= 0x7fffffff, `${where}: increment ${increment}`).toBe(true)
        if (f.streamId !== 0) expect(f.streamId % 2, where).toBe(1)
        break
      }
      case T.HEADERS:
      case T.CONTINUATION: {
        expect(f.streamId % 2 === 1 && f.streamId <= facts.maxClientStream, `${where}: on a stream the client opened`).toBe(true)
        expect(finished.has(f.streamId), `${where}: after the stream ended`).toBe(false)
        expect(f.payload.length, where).toBeLessThanOrEqual(facts.maxFrameSize)
        if (f.type === T.CONTINUATION) expect(continuing, `${where}: CONTINUATION without HEADERS`).toBe(f.streamId)
        else {
          expect(f.streamId, `${where}: an answer above the GOAWAY's last-stream-id`).toBeLessThanOrEqual(lastStreamId)
          answered.add(f.streamId)
        }
        block.push(f.payload)
        if (f.flags & F.END_HEADERS) {
          const decoded = decoder.decode(Buffer.concat(block), 0, Buffer.concat(block).length)
          expect(isHpackError(decoded), `${where}: header block decodes`).toBe(false)
          if (!isHpackError(decoded) && f.type === T.HEADERS) expect(decoded.fields[0], where).toBe(':status')
          block = []
          continuing = undefined
        } else continuing = f.streamId
        if (f.flags & F.END_STREAM) finished.add(f.streamId)
        break
      }
      case T.DATA: {
        expect(f.streamId % 2 === 1 && f.streamId <= facts.maxClientStream, `${where}: on a stream the client opened`).toBe(true)
        expect(finished.has(f.streamId), `${where}: after the stream ended`).toBe(false)
        expect(f.payload.length, where).toBeLessThanOrEqual(facts.maxFrameSize)
        expect(answered.has(f.streamId), `${where}: DATA before the answer's HEADERS`).toBe(true)
        connectionData += f.payload.length
        dataSent.set(f.streamId, (dataSent.get(f.streamId) ?? 0) + f.payload.length)
        expect(dataSent.get(f.streamId)!, `${where}: stream window`).toBeLessThanOrEqual(facts.maxInitialWindow + (facts.streamIncrements.get(f.streamId) ?? 0))
        if (f.flags & F.END_STREAM) finished.add(f.streamId)
        break
      }
      default:
        throw new Error(`${where}: the server sent frame type ${f.type}`)
    }
  })
  expect(connectionData, 'connection window').toBeLessThanOrEqual(65_535 + facts.connectionIncrements)
  return frames
}

/** The session's state stays within its caps after every read. */
function checkInternals(h: Harness, maxStreams: number): void {
  const state = h.internals()
  expect(state.open, 'open streams').toBeLessThanOrEqual(maxStreams)
  if (state.remembered !== undefined) expect(state.remembered, 'remembered resets').toBeLessThanOrEqual(MAX_REMEMBERED_RESETS)
  expect(state.pending, 'bytes held for a partial frame').toBeLessThan(9 + h.settings.maxFrameSize)
  if (state.buffered !== undefined && !KNOWN_DEFECTS.has('buffered-body-leak')) {
    // The body bytes the flow controller counts are the bytes kept by streams still receiving.
    const kept = h.streams.filter(({ stream }) => !stream.isClosed && !stream.remoteEnded).reduce((sum, { stream }) => sum + stream.kept, 0)
    expect(state.buffered, 'buffered body bytes = bytes kept by open, unfinished streams').toBe(kept)
  }
}

/** Every request handed over is well-formed, and its body matches any declared content-length. */
function checkRequests(h: Harness): void {
  const seen = new Set<number>()
  for (const { streamId, request } of h.requests) {
    expect(seen.has(streamId), `stream ${streamId} delivered twice`).toBe(false)
    seen.add(streamId)
    expect(streamId % 2).toBe(1)
    const headers = request.head.headers
    expect(headers[':method']).toBeDefined()
    if (headers[':method'] !== 'CONNECT') {
      expect(headers[':path']).toBeTruthy()
      expect(headers[':scheme']).toBeDefined()
    }
    for (const name of Object.keys(headers)) expect(name).toBe(name.toLowerCase())
    if (request.head.contentLength !== undefined) expect(request.bodyLength).toBe(request.head.contentLength)
    expect(request.body.length).toBe(Math.min(request.bodyLength, h.maxBodyBytes))
    expect(request.bodyOverflow).toBe(request.bodyLength > h.maxBodyBytes)
  }
}

// FUZZ_STATS=1 prints what the runs provoked (frames sent, GOAWAY reasons): a check that the generators reach deep states.
const stats = process.env.FUZZ_STATS ? new Map<string, number>() : undefined
const count = (key: string) => stats?.set(key, (stats.get(key) ?? 0) + 1)
afterAll(() => {
  if (stats) console.log([...stats].sort().map(([key, n]) => `${key}: ${n}`).join('\n'))
})

/** Feeds the reads, checking after each, then the end state, then lets the client leave. */
function runSession(h: Harness, reads: readonly Buffer[]): ReadFrame[] {
  let maxStreams = h.settings.maxConcurrentStreams
  for (const read of reads) {
    if (h.session.isDestroyed) break
    h.feed(read)
    checkInternals(h, maxStreams)
    maxStreams = Math.max(maxStreams, h.settings.maxConcurrentStreams)
  }
  const input = Buffer.concat(h.fed)
  const frames = checkOutput(h, inputFacts(input))
  if (stats) {
    count(`runs`)
    if (h.requests.length > 0) count('runs with requests')
    count(h.wire.writableEnded ? 'ended' : 'open at the end')
    for (const f of frames) count(`out type ${f.type}${f.type === T.GOAWAY ? ` code ${f.payload.readUInt32BE(4)} ${f.payload.subarray(8).toString()}` : ''}${f.type === T.RST_STREAM ? ` code ${f.payload.readUInt32BE(0)}` : ''}`)
  }
  checkRequests(h)
  const last = frames.at(-1)
  const errorGoaway = last?.type === T.GOAWAY && last.payload.readUInt32BE(4) !== 0
  if (errorGoaway) expect(h.wire.writableEnded, 'the socket ends after a connection error').toBe(true)
  if (h.wire.writableEnded && !frames.some((f) => f.type === T.GOAWAY)) {
    // A quiet end: only after the client's own GOAWAY, once its streams were done.
    expect(inputFacts(input).clientGoaway, 'the socket ended without a GOAWAY').toBe(true)
  }
  // The client leaves: every stream ever opened is closed, once.
  h.leave()
  expect(h.session.isDestroyed).toBe(true)
  expect(h.internals().open).toBe(0)
  for (const { stream, closes } of h.streams) expect(closes.length, `stream ${stream.id} closed ${closes.length} times`).toBe(1)
  expect(h.counts.closes).toBe(h.counts.opened)
  return frames
}

/** The bytes cut at the given points, each read in a buffer of its own. */
function split(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)
  const reads: Buffer[] = []
  let from = 0
  for (const point of [...points, bytes.length]) {
    if (point > from) reads.push(Buffer.from(bytes.subarray(from, point)))
    from = point
  }
  return reads
}

// ---------------------------------------------------------------- the client's frames

type StreamPick = { kind: 'new' } | { kind: 'open'; index: number } | { kind: 'any'; id: number }
type Defect = 'no-scheme' | 'no-path' | 'empty-path' | 'connect' | 'upper-name' | 'te' | 'connection' | 'pseudo-after' | 'unknown-pseudo' | 'repeat-pseudo' | 'value-space' | 'value-nul' | 'bad-length' | 'non-token-name'
type RequestSpec = { method: string; authority?: string; contentLength?: string; extra: [string, string][]; defects: Defect[] }
type Op =
  | { t: 'headers'; stream: StreamPick; request: RequestSpec; endStream: boolean; cuts: number[]; padding?: number; priority?: { self: boolean; dependency: number }; plans: FieldPlan[]; trailers: boolean }
  | { t: 'data'; stream: StreamPick; length: number; endStream: boolean; padding?: number }
  | { t: 'window'; stream: StreamPick | 'connection'; increment: number }
  | { t: 'rst'; stream: StreamPick; code: number }
  | { t: 'settings'; entries: [number, number][]; ack: boolean }
  | { t: 'ping'; ack: boolean; payload: Uint8Array }
  | { t: 'priority'; stream: StreamPick; length: number }
  | { t: 'goaway'; last: number; code: number }
  | { t: 'unknown'; type: number; flags: number; streamId: number; payload: Uint8Array }
  | { t: 'raw'; type: number; flags: number; streamId: number; payload: Uint8Array }

const streamPick: fc.Arbitrary<StreamPick> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'new' as const }) },
  { weight: 12, arbitrary: fc.nat({ max: 20 }).map((index) => ({ kind: 'open' as const, index })) },
  { weight: 1, arbitrary: fc.oneof(fc.nat({ max: 40 }), fc.constantFrom(0, 2, 0x7fffffff)).map((id) => ({ kind: 'any' as const, id })) },
)
// Mostly well-formed requests, so streams open and answers flow; a fifth carry one or two defects of RFC 9113 §8.
const requestSpec: fc.Arbitrary<RequestSpec> = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT'),
  authority: fc.constantFrom('api.push.apple.com', '127.0.0.1:8443', undefined),
  contentLength: fc.constantFrom(undefined, undefined, undefined, '0', '5', '16', '300'),
  extra: fc.array(
    fc.tuple(fc.constantFrom('apns-topic', 'apns-push-type', 'authorization', 'apns-priority', 'cookie', 'x-b3'), fc.constantFrom('com.example.app', 'alert', 'bearer x.y.z', '10', 'a=b', '')),
    { maxLength: 4 },
  ),
  defects: fc.oneof(
    { weight: 4, arbitrary: fc.constant<Defect[]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.constantFrom<Defect>('no-scheme', 'no-path', 'empty-path', 'connect', 'upper-name', 'te', 'connection', 'pseudo-after', 'unknown-pseudo', 'repeat-pseudo', 'value-space', 'value-nul', 'bad-length', 'non-token-name'),
        { minLength: 1, maxLength: 2 },
      ),
    },
  ),
})

/** The request's fields, in order, with its defects applied. */
function requestFields(r: RequestSpec): [string, string][] {
  const has = (d: Defect) => r.defects.includes(d)
  const pseudo: [string, string][] = [[':method', has('connect') ? 'CONNECT' : r.method]]
  if (!has('no-scheme')) pseudo.push([':scheme', 'https'])
  if (!has('no-path')) pseudo.push([':path', has('empty-path') ? '' : '/3/device/a1b2c3'])
  if (r.authority !== undefined) pseudo.push([':authority', r.authority])
  if (has('unknown-pseudo')) pseudo.push([':protocol', 'websocket'])
  if (has('repeat-pseudo')) pseudo.push([':method', 'GET'])
  const regular: [string, string][] = [...r.extra]
  if (r.contentLength !== undefined) regular.push(['content-length', has('bad-length') ? '-1' : r.contentLength])
  if (has('upper-name')) regular.push(['Apns-Topic', 'x'])
  if (has('te')) regular.push(['te', 'gzip'])
  if (has('connection')) regular.push(['connection', 'keep-alive'])
  if (has('value-space')) regular.push(['apns-topic', ' padded'])
  if (has('value-nul')) regular.push(['apns-topic', 'a\0b'])
  if (has('non-token-name')) regular.push(['a b', 'dropped, not refused'])
  return has('pseudo-after') ? [...regular.slice(0, 1), ...pseudo, ...regular.slice(1)] : [...pseudo, ...regular]
}
const plan: fc.Arbitrary<FieldPlan> = fc.record({ representation: fc.constantFrom('indexed', 'incremental', 'without', 'never'), indexName: fc.boolean(), huffmanName: fc.boolean(), huffmanValue: fc.boolean() })
const flags = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 255 }))
const smallPayload = fc.uint8Array({ maxLength: 24 })

const headersOp = fc.record({
      t: fc.constant('headers' as const),
      stream: fc.oneof({ weight: 5, arbitrary: fc.constant({ kind: 'new' as const }) }, { weight: 1, arbitrary: streamPick }),
      request: requestSpec,
      endStream: fc.boolean(),
      cuts: fc.array(fc.nat(), { maxLength: 3 }),
      padding: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
      priority: fc.option(fc.record({ self: fc.boolean(), dependency: fc.nat({ max: 9 }) }), { nil: undefined, freq: 4 }),
      plans: fc.array(plan, { minLength: 1, maxLength: 3 }),
      trailers: fc.boolean(),
    })
/** A client's frames: most runs open a stream first, as clients do. */
const ops = (max: number) => fc.tuple(fc.option(headersOp, { freq: 6, nil: undefined }), fc.array(op(), { minLength: 1, maxLength: max })).map(([first, rest]) => (first ? [first, ...rest] : rest))

function op(): fc.Arbitrary<Op> {
  return fc.oneof(
  { weight: 8, arbitrary: headersOp },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant('data' as const),
      stream: streamPick,
      length: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 1, 5, 16, 300) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 17_000 }) }),
      endStream: fc.boolean(),
      padding: fc.option(fc.nat({ max: 300 }), { nil: undefined, freq: 5 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('window' as const),
      stream: fc.oneof(fc.constant('connection' as const), streamPick),
      increment: fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(0, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1)),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('rst' as const), stream: streamPick, code: fc.oneof(fc.constantFrom(0, 1, 8), fc.nat()) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('settings' as const),
      entries: fc.array(
        fc.tuple(
          fc.constantFrom(1, 2, 3, 4, 5, 6, 7, 0xff),
          fc.oneof(fc.constantFrom(0, 1, 2, 100, 16_384, 16_383, 65_535, 65_536, 2 ** 24, 2 ** 24 - 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1), fc.nat()),
        ),
        { maxLength: 4 },
      ),
      ack: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('ping' as const), ack: fc.boolean(), payload: fc.uint8Array({ minLength: 8, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('priority' as const), stream: streamPick, length: fc.constantFrom(5, 5, 5, 4, 6) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('goaway' as const), last: fc.nat({ max: 41 }), code: fc.constantFrom(0, 1, 2, 0xb, 0x1234) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unknown' as const), type: fc.integer({ min: 10, max: 255 }), flags, streamId: fc.nat({ max: 41 }), payload: smallPayload }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('raw' as const), type: fc.integer({ min: 0, max: 9 }), flags, streamId: fc.oneof(fc.nat({ max: 41 }), fc.nat()), payload: smallPayload }) },
  )
}

/** Serializes the client's ops: stream ids resolved, HPACK from one encoder kept across blocks (as the session's decoder is). */
function serialize(ops: readonly Op[], opening: 'settings' | 'none' = 'settings'): Buffer {
  const out: Buffer[] = [PREFACE]
  if (opening === 'settings') out.push(frame(T.SETTINGS, 0, 0))
  const encoder = new ReferenceEncoder(4096)
  const opened: number[] = []
  let next = 1
  const resolve = (pick: StreamPick): number => {
    if (pick.kind === 'any') return pick.id
    if (pick.kind === 'open' && opened.length > 0) return opened[pick.index % opened.length]!
    return next
  }
  for (const o of ops) {
    switch (o.t) {
      case 'headers': {
        const id = resolve(o.stream)
        const isNew = id === next
        if (isNew) {
          opened.push(id)
          next += 2
        }
        const all = requestFields(o.request)
        const fields = !isNew && o.trailers ? all.filter(([name]) => !name.startsWith(':')) : all
        let fragment = encoder.encode(fields, o.plans)
        let headerFlags = o.endStream ? F.END_STREAM : 0
        const prefix: number[] = []
        if (o.padding !== undefined) {
          headerFlags |= F.PADDED
          prefix.push(o.padding)
        }
        if (o.priority) {
          headerFlags |= F.PRIORITY
          prefix.push(...u32(o.priority.self ? id : o.priority.dependency), 15)
        }
        const points = [...new Set(o.cuts.map((cut) => cut % (fragment.length + 1)))].sort((a, b) => a - b)
        const pieces: Buffer[] = []
        let from = 0
        for (const point of [...points, fragment.length]) {
          pieces.push(fragment.subarray(from, point))
          from = point
        }
        fragment = pieces[0]!
        const first = Buffer.concat([Buffer.from(prefix), fragment, Buffer.alloc(o.padding ?? 0)])
        out.push(frame(T.HEADERS, headerFlags | (pieces.length === 1 ? F.END_HEADERS : 0), id, first))
        pieces.slice(1).forEach((piece, i) => out.push(frame(T.CONTINUATION, i === pieces.length - 2 ? F.END_HEADERS : 0, id, piece)))
        break
      }
      case 'data': {
        const payload = Buffer.alloc(o.length, 0x64)
        const padded = o.padding !== undefined ? Buffer.concat([Buffer.of(o.padding & 0xff), payload, Buffer.alloc(o.padding & 0xff)]) : payload
        out.push(frame(T.DATA, (o.endStream ? F.END_STREAM : 0) | (o.padding !== undefined ? F.PADDED : 0), resolve(o.stream), padded))
        break
      }
      case 'window':
        out.push(frame(T.WINDOW_UPDATE, 0, o.stream === 'connection' ? 0 : resolve(o.stream), u32(o.increment)))
        break
      case 'rst':
        out.push(frame(T.RST_STREAM, 0, resolve(o.stream), u32(o.code)))
        break
      case 'settings':
        out.push(o.ack ? frame(T.SETTINGS, F.ACK, 0) : frame(T.SETTINGS, 0, 0, settingsPayload(o.entries)))
        break
      case 'ping':
        out.push(frame(T.PING, o.ack ? F.ACK : 0, 0, o.payload))
        break
      case 'priority':
        out.push(frame(T.PRIORITY, 0, resolve(o.stream), Buffer.alloc(o.length, 1)))
        break
      case 'goaway':
        out.push(frame(T.GOAWAY, 0, 0, Buffer.concat([u32(o.last, o.code), Buffer.from('bye')])))
        break
      case 'unknown':
      case 'raw':
        out.push(frame(o.type, o.flags, o.streamId, o.payload))
        break
    }
  }
  return Buffer.concat(out)
}

type Mutation = { kind: 'flip'; at: number; byte: number } | { kind: 'insert'; at: number; bytes: Uint8Array } | { kind: 'delete'; at: number; length: number } | { kind: 'truncate'; at: number } | { kind: 'duplicate'; at: number; length: number }
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
)
/** Mutates past the preface (a broken preface is one quick GOAWAY, tested on its own). */
function mutate(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  const head = bytes.subarray(0, PREFACE.length)
  let out = bytes.subarray(PREFACE.length)
  for (const m of mutations) {
    const at = m.at % (out.length + 1)
    if (m.kind === 'flip' && out.length > 0) out = Buffer.concat([out.subarray(0, at % out.length), Buffer.of(m.byte), out.subarray((at % out.length) + 1)])
    else if (m.kind === 'insert') out = Buffer.concat([out.subarray(0, at), m.bytes, out.subarray(at)])
    else if (m.kind === 'delete') out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)])
    else if (m.kind === 'truncate') out = out.subarray(0, at)
    else if (m.kind === 'duplicate') out = Buffer.concat([out.subarray(0, at + m.length), out.subarray(at, at + m.length), out.subarray(at + m.length)])
  }
  return Buffer.concat([head, out])
}

const serverActions: fc.Arbitrary<ServerAction[]> = fc.array(
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom<ServerAction>('respond', 'respond-large', 'reset', 'nothing', 'headers-then-write') }, { weight: 1, arbitrary: fc.constantFrom<ServerAction>('graceful-goaway', 'fewer-streams') }),
  { minLength: 1, maxLength: 4 },
)
const sessionShape = fc.record({
  maxConcurrentStreams: fc.constantFrom(1, 2, 8, 100),
  maxBodyBytes: fc.constantFrom(0, 10, 4096),
  initialWindowSize: fc.constantFrom(65_535, 100, 1_000_000),
  reading: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  actions: serverActions,
})
type Shape = { maxConcurrentStreams: number; maxBodyBytes: number; initialWindowSize: number; reading: boolean; actions: ServerAction[] }
const startShaped = (shape: Shape) =>
  startSession({ settings: { maxConcurrentStreams: shape.maxConcurrentStreams, initialWindowSize: shape.initialWindowSize }, maxBodyBytes: shape.maxBodyBytes, reading: shape.reading, actions: shape.actions })

// ---------------------------------------------------------------- properties

describe('HTTP/2 session fuzz', () => {
  const arbitrary = fuzzRun(0x5eed_0301, 600)
  it(`arbitrary bytes after the preface (and after its SETTINGS) never throw and end validly${arbitrary.label}`, () => {
    check(
      arbitrary,
      fc.property(sessionShape, fc.boolean(), fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 6 }), (shape, settingsFirst, bytes, cuts) => {
        const input = Buffer.concat([PREFACE, settingsFirst ? frame(T.SETTINGS, 0, 0) : Buffer.alloc(0), bytes])
        runSession(startShaped(shape), split(input, cuts))
      }),
    )
  })

  const prefaces = fuzzRun(0x5eed_0302, 300)
  it(`any bytes in place of the preface are one GOAWAY PROTOCOL_ERROR, or a wait for more${prefaces.label}`, () => {
    check(
      prefaces,
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat({ max: 23 }), (bytes, keep) => {
        const h = startSession()
        const input = Buffer.concat([PREFACE.subarray(0, keep), bytes])
        h.feed(input)
        const frames = readFrames(h.wire.output).frames
        const seen = Math.min(input.length, PREFACE.length)
        const matches = input.subarray(0, seen).equals(PREFACE.subarray(0, seen))
        if (matches && input.length < PREFACE.length) expect(h.wire.writableEnded).toBe(false)
        else if (!matches) {
          expect(frames.map((f) => f.type)).toEqual([T.SETTINGS, T.GOAWAY])
          expect(frames[1]!.payload.readUInt32BE(4)).toBe(0x1)
          expect(h.wire.writableEnded).toBe(true)
        }
        h.leave()
      }),
    )
  })

  const sequences = fuzzRun(0x5eed_0303, 700)
  it(`sequences of well-formed frames, in any reads, keep every invariant${sequences.label}`, () => {
    check(
      sequences,
      fc.property(sessionShape, ops(30), fc.array(fc.nat(), { maxLength: 8 }), (shape, ops, cuts) => {
        runSession(startShaped(shape), split(serialize(ops), cuts))
      }),
    )
  })

  const mutated = fuzzRun(0x5eed_0304, 900)
  it(`mutated frame sequences never throw and keep every invariant${mutated.label}`, () => {
    check(
      mutated,
      fc.property(sessionShape, ops(20), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (shape, ops, mutations, cuts) => {
        runSession(startShaped(shape), split(mutate(serialize(ops), mutations), cuts))
      }),
    )
  })

  it('memory: heap does not grow across 3,000 sessions of fuzzed frames', async () => {
    const inputs = fc.sample(fc.tuple(sessionShape, ops(20), fc.array(mutation, { maxLength: 2 })), { seed: 0x5eed_0305, numRuns: 300 })
    const once = () => {
      for (const [shape, ops, mutations] of inputs) {
        const h = startShaped(shape)
        for (const read of split(mutate(serialize(ops), mutations), [97, 1000])) if (!h.session.isDestroyed) h.feed(read)
        h.leave()
      }
    }
    once() // warm: code, the decoder's scratch, module caches
    const before = await settledMemory()
    for (let i = 0; i < 10; i++) once()
    const after = await settledMemory()
    const growth = after.heapUsed - before.heapUsed
    console.log(`[seed=${0x5eed_0305} runs=3000] heap growth across 3,000 sessions: ${(growth / 2 ** 20).toFixed(2)} MiB`)
    expect(growth).toBeLessThan(8 * 2 ** 20)
  })

  it('memory: one long connection of 3,000 requests keeps its streams and remembered resets within their caps, and its heap flat', async () => {
    const h = startSession({ settings: { maxConcurrentStreams: 10 }, maxBodyBytes: 4096, actions: ['respond', 'reset', 'headers-then-write'], retain: false })
    const encoder = new ReferenceEncoder(4096)
    h.feed(Buffer.concat([PREFACE, frame(T.SETTINGS, 0, 0)]))
    const plans: FieldPlan[] = [{ representation: 'incremental', indexName: true, huffmanName: true, huffmanValue: true }]
    let before: NodeJS.MemoryUsage | undefined
    for (let i = 0; i < 3000 && !h.session.isDestroyed; i++) {
      const id = 2 * i + 1
      // Every fourth request is malformed (an upper-case name): reset by the server, and remembered.
      const fields: [string, string][] = [...REQUEST, ['apns-topic', `com.example.${i % 50}`], ...(i % 4 === 3 ? ([['Bad', 'x']] as [string, string][]) : [])]
      h.feed(Buffer.concat([frame(T.HEADERS, F.END_HEADERS, id, encoder.encode(fields, plans)), frame(T.DATA, F.END_STREAM, id, Buffer.alloc(100, 0x61))]))
      checkInternals(h, 10)
      if (i === 500) before = await settledMemory()
    }
    const after = await settledMemory()
    expect(h.session.isDestroyed, 'the connection is still open').toBe(false)
    const growth = after.heapUsed - before!.heapUsed
    console.log(`one connection, 3,000 requests: heap growth ${(growth / 2 ** 20).toFixed(2)} MiB, ${h.internals().remembered} resets remembered`)
    expect(growth).toBeLessThan(2 * 2 ** 20)
    expect(h.counts.delivered).toBe(2250)
    expect(readFrames(h.wire.output).rest.length).toBe(0)
    h.leave()
    expect(h.counts.closes).toBe(h.counts.opened)
  })
})

// ---------------------------------------------------------------- floods, one per CVE

const REQUEST: [string, string][] = [[':method', 'POST'], [':scheme', 'https'], [':path', '/3/device/a1b2c3'], [':authority', 'api.push.apple.com']]
const ALL_LITERAL: FieldPlan[] = [{ representation: 'without', indexName: true, huffmanName: false, huffmanValue: false }]

/** The GOAWAY codes the server sent, in order. */
const goaways = (h: Harness): number[] => readFrames(h.wire.output).frames.filter((f) => f.type === T.GOAWAY).map((f) => f.payload.readUInt32BE(4))

function flood(build: (encoder: ReferenceEncoder) => Buffer[], options: { reading?: boolean; maxConcurrentStreams?: number } = {}): Harness {
  const h = startSession({ settings: { maxConcurrentStreams: options.maxConcurrentStreams ?? 100 }, reading: options.reading ?? true, actions: ['nothing'] })
  const encoder = new ReferenceEncoder(4096)
  h.feed(Buffer.concat([PREFACE, frame(T.SETTINGS, 0, 0)]))
  for (const read of build(encoder)) if (!h.session.isDestroyed) h.feed(read)
  checkInternals(h, options.maxConcurrentStreams ?? 100)
  return h
}

describe('HTTP/2 session floods end in GOAWAY ENHANCE_YOUR_CALM', () => {
  it('PING flood (CVE-2019-9512): 2,000 PINGs in one read', () => {
    const h = flood(() => [Buffer.concat(Array.from({ length: 2000 }, (_, i) => frame(T.PING, 0, 0, u32(0, i))))])
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
    expect(h.wire.writableEnded).toBe(true)
  })

  it('PING flood (CVE-2019-9512) from a client that does not read: 100 PINGs a read', () => {
    const h = flood(() => Array.from({ length: 20 }, (_, r) => Buffer.concat(Array.from({ length: 100 }, (_, i) => frame(T.PING, 0, 0, u32(r, i))))), { reading: false })
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
  })

  it('SETTINGS flood (CVE-2019-9515): 2,000 SETTINGS in one read', () => {
    const h = flood(() => [Buffer.concat(Array.from({ length: 2000 }, () => frame(T.SETTINGS, 0, 0, settingsPayload([[S.INITIAL_WINDOW_SIZE, 65_535]]))))])
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
  })

  it('empty DATA flood (CVE-2019-9518): 2,000 empty DATA frames on an open stream', () => {
    const h = flood((encoder) => [frame(T.HEADERS, F.END_HEADERS, 1, encoder.encode(REQUEST, ALL_LITERAL)), Buffer.concat(Array.from({ length: 2000 }, () => frame(T.DATA, 0, 1)))])
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
  })

  it('empty CONTINUATION flood (CVE-2019-9518, CVE-2024-27316): 2,000 empty CONTINUATIONs', () => {
    const h = flood((encoder) => [frame(T.HEADERS, 0, 1, encoder.encode(REQUEST, ALL_LITERAL)), Buffer.concat(Array.from({ length: 2000 }, () => frame(T.CONTINUATION, 0, 1)))])
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
  })

  it('CONTINUATION flood with one-byte fragments (CVE-2024-27316): the block is bounded', () => {
    const h = flood((encoder) => [frame(T.HEADERS, 0, 1, encoder.encode(REQUEST, ALL_LITERAL)), ...Array.from({ length: 20 }, () => Buffer.concat(Array.from({ length: 500 }, () => frame(T.CONTINUATION, 0, 1, Buffer.of(0x40)))))])
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
  })

  it('rapid reset (CVE-2023-44487): 2,000 HEADERS + RST_STREAM pairs', () => {
    const h = flood((encoder) => [Buffer.concat(Array.from({ length: 2000 }, (_, i) => [frame(T.HEADERS, F.END_HEADERS, 2 * i + 1, encoder.encode(REQUEST, ALL_LITERAL)), frame(T.RST_STREAM, 0, 2 * i + 1, u32(0x8))]).flat())])
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
    expect(h.streams.length).toBeLessThanOrEqual(1001)
  })

  it('rapid reset over the stream limit (CVE-2023-44487): 2,000 HEADERS refused with REFUSED_STREAM', () => {
    const h = flood((encoder) => [Buffer.concat(Array.from({ length: 2000 }, (_, i) => frame(T.HEADERS, F.END_HEADERS, 2 * i + 1, encoder.encode(REQUEST, ALL_LITERAL))))], { maxConcurrentStreams: 1 })
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
  })
})

describe('HTTP/2 session: defects found by fuzzing (fixed cases; it.fails while a defect is known)', () => {
  const opening = Buffer.concat([PREFACE, frame(T.SETTINGS, 0, 0)])

  // Input: 505249202a20485454502f322e300d0a0d0a534d0d0a0d0a 000000040000000000 000004020000000001 00000000
  defectCase('rst-on-idle')('a PRIORITY frame of the wrong length on an idle stream is not answered with RST_STREAM on that idle stream', () => {
    for (const streamId of [1, 2, 41]) {
      const h = startSession()
      h.feed(Buffer.concat([opening, frame(T.PRIORITY, 0, streamId, Buffer.alloc(4))]))
      const resets = readFrames(h.wire.output).frames.filter((f) => f.type === T.RST_STREAM)
      // RFC 9113 §6.4: RST_STREAM MUST NOT be sent for an idle stream; a client treats one as a connection error.
      // nghttp2 answers a PRIORITY of the wrong length with GOAWAY FRAME_SIZE_ERROR.
      expect(resets.map((f) => f.streamId), `stream ${streamId}`).toEqual([])
      h.leave()
    }
  })

  // A stream whose body does not match its content-length is reset, and its kept body bytes were never
  // released from the connection's buffered count: past 1 MiB of such bytes, no more connection WINDOW_UPDATE.
  defectCase('buffered-body-leak')('streams reset for a content-length mismatch do not stall the connection window', () => {
    const h = startSession({ maxBodyBytes: 65_536, settings: { maxConcurrentStreams: 100 }, actions: ['respond'] })
    const encoder = new ReferenceEncoder(4096)
    h.feed(opening)
    const body = Buffer.alloc(15_000, 0x62)
    const updatesAfter: boolean[] = []
    for (let i = 0; i < 24; i++) {
      const id = 2 * i + 1
      const lie = i < 20 // the first 20 streams declare one byte more than they send
      const block = encoder.encode([...REQUEST, ['content-length', String(lie ? 60_001 : 60_000)]], ALL_LITERAL)
      const before = readFrames(h.wire.output).frames.length
      h.feed(Buffer.concat([frame(T.HEADERS, F.END_HEADERS, id, block), frame(T.DATA, 0, id, body), frame(T.DATA, 0, id, body), frame(T.DATA, 0, id, body), frame(T.DATA, F.END_STREAM, id, body)]))
      updatesAfter.push(readFrames(h.wire.output).frames.slice(before).some((f) => f.type === T.WINDOW_UPDATE && f.streamId === 0))
    }
    // Every read consumed 60,000 bytes of a 65,535-byte connection window: each must be followed by a connection WINDOW_UPDATE.
    expect(updatesAfter.map((sent, i) => (sent ? '' : `no connection WINDOW_UPDATE after stream ${2 * i + 1}`)).filter(Boolean)).toEqual([])
    h.leave()
  })

  // MadeYouReset (CVE-2025-8671): complete requests whose streams the client then gets the server to reset (here with a
  // WINDOW_UPDATE of 0, a stream error). The server's own resets close the streams, so the concurrency limit never
  // bites, while every request reached the backend.
  defectCase('made-you-reset')('MadeYouReset (CVE-2025-8671): 3,000 requests each followed by a WINDOW_UPDATE of 0 end in ENHANCE_YOUR_CALM', () => {
    const h = flood((encoder) => [Buffer.concat(Array.from({ length: 3000 }, (_, i) => [frame(T.HEADERS, F.END_HEADERS | F.END_STREAM, 2 * i + 1, encoder.encode(REQUEST, ALL_LITERAL)), frame(T.WINDOW_UPDATE, 0, 2 * i + 1, u32(0))]).flat())])
    expect(goaways(h)).toEqual([ENHANCE_YOUR_CALM])
    expect(h.requests.length).toBeLessThanOrEqual(1001)
  })
})
