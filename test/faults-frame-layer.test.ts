/**
 * Faults only a frame layer can give, each observed by a real HTTP/2 client
 * (node:http2, and nghttp when installed) and, where a request was on the
 * wire, by the ledger: a flow-control stall, SETTINGS never acknowledged,
 * PING never answered. (Dribbled bodies, headers without an end, RST_STREAM
 * after part of an answer and both GOAWAY forms are in wire-contract.test.ts.)
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { connect, constants, type ClientHttp2Session } from 'node:http2'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { encodeRequest, F, goawayOf, headers, ping, RawH2, S, settingsOf, T } from './support/raw-h2.ts'
import { hasCommand } from './support/commands.ts'
import { startTestSimulators } from './support/simulators.ts'
import { tempDir } from './support/temp-dir.ts'

const run = promisify(execFile)
const BODY_FILE = join(tempDir('pushsim-nghttp-body-'), 'body.json')
writeFileSync(BODY_FILE, '{"aps":{"alert":"window-stall"}}      ')

type Sims = Awaited<ReturnType<typeof startTestSimulators>>
let sims: Sims

beforeAll(async () => {
  sims = await startTestSimulators()
})
afterAll(() => sims?.stop())
afterEach(() => sims.faults.clear())

const add = (fault: unknown): string => {
  const added = sims.faults.add(fault)
  if (!added.ok) throw new Error(added.error.message)
  return added.value[0]!.id!
}

const FCM_SEND = '/v1/projects/pushsim-demo/messages:send'

function session(url: string): ClientHttp2Session {
  const client = connect(url, { ca: sims.tls.ca })
  client.on('error', () => {})
  return client
}

const settled = <T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> => Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))])

describe('window-stall: the client DATA stops at our window', () => {
  it('node:http2 sends only the window; the body never completes; the ledger records the abandoned, unprocessed request with what arrived', async () => {
    const id = add({ type: 'window-stall', match: { provider: 'fcm' }, attributes: { window: 16 } })
    const client = session(sims.endpoints.fcmTls)
    await new Promise((resolve) => client.once('remoteSettings', resolve))
    expect(client.remoteSettings.initialWindowSize).toBe(16)
    const before = sims.ledger.recorded
    const stream = client.request({ ':method': 'POST', ':path': FCM_SEND, 'content-type': 'application/json' })
    stream.on('error', () => {})
    const body = `{"message":{"token":"stalled-token-0000000","data":{"pad":"${'p'.repeat(200)}"}}}`
    stream.end(body)
    const response = new Promise((resolve) => stream.once('response', resolve))
    expect(await settled(response, 300)).toBe('pending')
    // The client has the rest of its body queued, unsent: the stall is on the wire, not in the client.
    expect(stream.bufferSize + stream.writableLength).toBeGreaterThan(0)
    stream.close(constants.NGHTTP2_CANCEL)
    const entry = await waitForEntry(before, 'fcm')
    expect(entry).toMatchObject({ delivery: 'none', faults: [id], wire: { outcome: 'abandoned', by: 'rst-stream', code: 0x8, status: 0 } })
    expect(entry.request.bodyLength).toBe(16)
    client.destroy()
  })

  it('nghttp (when installed) sees the INITIAL_WINDOW_SIZE of the stall', async () => {
    if (!hasCommand('nghttp')) return void console.warn('nghttp not installed: skipped (apt-get install nghttp2-client)')
    add({ type: 'window-stall', match: { provider: 'apns' }, attributes: { window: 0 } })
    // Asynchronously: the simulators serve from this very process. Whether nghttp's body goes out before it reads our
    // SETTINGS (within the default window, as RFC 9113 allows until they are acknowledged) or stalls is its timing.
    const out = await run('nghttp', ['-nv', '--timeout=1', '-d', BODY_FILE, `${sims.endpoints.apnsH2c}/3/device/${'d4'.repeat(32)}`], { timeout: 10_000 }).catch((error: { stdout: string }) => error)
    expect(out.stdout).toMatch(/recv SETTINGS frame[^]*SETTINGS_INITIAL_WINDOW_SIZE\(0x04\):0\]/)
  })
})

describe('settings-no-ack: SETTINGS never acknowledged', () => {
  it('node:http2 keeps waiting for the ACK of its SETTINGS; the simulator still answers', async () => {
    add({ type: 'settings-no-ack', match: { provider: 'apns' } })
    const client = session(sims.endpoints.apnsH2c)
    const acked = new Promise<void>((resolve) => client.settings({ enablePush: false }, () => resolve()))
    expect(await settled(acked, 300)).toBe('pending')
    expect(client.pendingSettingsAck).toBe(true)
    client.destroy()
  })

  it('a raw client sees our SETTINGS but no ACK of its own', async () => {
    add({ type: 'settings-no-ack', match: { provider: 'fcm' } })
    const raw = await RawH2.connect(Number(new URL(sims.endpoints.fcmTls).port), { tls: { ca: sims.tls.ca }, settings: [[S.ENABLE_PUSH, 0]] })
    await raw.waitFor((f) => f.type === T.SETTINGS && (f.flags & F.ACK) === 0)
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(raw.frames.filter((f) => f.type === T.SETTINGS && (f.flags & F.ACK) !== 0)).toEqual([])
    expect(settingsOf(raw.frames.find((f) => f.type === T.SETTINGS)!).get(S.MAX_CONCURRENT_STREAMS)).toBe(100)
    raw.destroy()
  })
})

describe('ping-no-ack: PING never answered', () => {
  it("node:http2's ping gets no answer, while a connection without the fault answers at once", async () => {
    add({ type: 'ping-no-ack', match: { provider: 'webpush' } })
    const silent = session(sims.endpoints.webpushTls)
    await new Promise((resolve) => silent.once('connect', resolve))
    const answered = new Promise<string>((resolve) => silent.ping((error) => resolve(error ? `error ${error.message}` : 'answered')))
    expect(await settled(answered, 300)).toBe('pending')
    silent.destroy()
    const normal = session(sims.endpoints.apns)
    await new Promise((resolve) => normal.once('connect', resolve))
    const pong = await new Promise<number>((resolve, reject) => normal.ping((error, duration) => (error ? reject(error) : resolve(duration))))
    expect(pong).toBeGreaterThanOrEqual(0)
    normal.destroy()
  })

  it('applies only to the connections it matches (connection ordinal)', async () => {
    // The next connection to FCM's listeners is some ordinal; match the one after it only.
    add({ type: 'ping-no-ack', match: { provider: 'fcm', connection: { from: 1_000_000 } } })
    const client = session(sims.endpoints.fcmTls)
    await new Promise((resolve) => client.once('connect', resolve))
    const pong = await settled(new Promise<void>((resolve) => client.ping(() => resolve())), 1_000)
    expect(pong).not.toBe('pending')
    client.destroy()
  })
})

describe('graceful goaway: RFC 9113 §6.8 in two phases', () => {
  it('GOAWAY with the largest stream id and a PING; after the PING comes back, the final GOAWAY names the last stream received, which is answered', async () => {
    add({ type: 'goaway', match: { provider: 'apns' }, attributes: { graceful: true, reason: 'Shutdown' } })
    const raw = await RawH2.connect(Number(new URL(sims.endpoints.apnsH2c).port))
    const request = (id: number) =>
      headers(id, encodeRequest([[':method', 'POST'], [':scheme', 'http'], [':authority', 'localhost'], [':path', `/3/device/${'a7'.repeat(32)}`]]), { endStream: true })
    raw.send(request(1))
    const first = await raw.waitFor((f) => f.type === T.GOAWAY)
    expect(goawayOf(first)).toEqual({ lastStreamId: 2 ** 31 - 1, code: 0, debug: '' })
    const pingFrame = await raw.waitFor((f) => f.type === T.PING && (f.flags & F.ACK) === 0)
    // Between the phases the client may still open streams: they are processed.
    raw.send(request(3))
    await raw.answer(3)
    raw.send(ping(pingFrame.payload, true))
    const final = await raw.waitFor((f) => f.type === T.GOAWAY, 3_000, raw.frames.indexOf(first) + 1)
    expect(goawayOf(final)).toEqual({ lastStreamId: 3, code: 0, debug: '{"reason":"Shutdown"}' })
    await raw.waitClosed()
  })
})

async function waitForEntry(afterSeq: number, provider: string) {
  const deadline = Date.now() + 2_000
  for (;;) {
    const entries = sims.ledger.query({ afterSeq, provider }).entries
    if (entries.length > 0 || Date.now() > deadline) {
      expect(entries).toHaveLength(1)
      return entries[0]!
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

