/**
 * HTTP/2 faults on the APNs listener, observed by a real node:http2 client:
 * GOAWAY with its JSON debug data, changed stream limits, RST_STREAM, refused
 * streams, TCP resets, hangs past the client's timeout, latency and cut bodies.
 */
import { constants } from 'node:http2'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { apnsJwt, apnsPush, apnsSession, TOKEN_A, TOKEN_B } from './support/apns-client.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let jwt: string
beforeAll(async () => {
  sims = await startTestSimulators({ timeScale: 0.01 })
  jwt = await apnsJwt(sims)
})
afterAll(() => sims?.stop())
afterEach(() => sims.faults.clear())

const add = (fault: unknown) => {
  const added = sims.faults.add(fault)
  if (!added.ok) throw new Error(added.error.message)
  return added.value[0]!.id!
}

describe('APNs faults over HTTP/2', () => {
  it('GOAWAY every Nth stream carries the code, last stream id and the JSON reason, after answering that stream', async () => {
    const id = add({ type: 'goaway', match: { provider: 'apns' }, schedule: { kind: 'every', nth: 3 }, attributes: { code: 'NO_ERROR', reason: 'Shutdown' } })
    const session = apnsSession(sims)
    const goaway = new Promise<{ code: number; lastStreamId: number; debug: string }>((resolve) =>
      session.on('goaway', (code, lastStreamId, data) => resolve({ code, lastStreamId, debug: data?.toString() ?? '' })),
    )
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await apnsPush(session, jwt, TOKEN_A)).status)
    expect(statuses).toEqual([200, 200, 200])
    expect(await goaway).toEqual({ code: constants.NGHTTP2_NO_ERROR, lastStreamId: 5, debug: '{"reason":"Shutdown"}' })
    const entries = sims.ledger.query({ provider: 'apns', fault: id }).entries
    expect(entries.map((e) => [e.delivery, e.streamId])).toEqual([['goaway', 5]])
    session.destroy()
  })

  it('max-streams changes SETTINGS_MAX_CONCURRENT_STREAMS mid-connection', async () => {
    const session = apnsSession(sims)
    await apnsPush(session, jwt, TOKEN_A)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(session.remoteSettings.maxConcurrentStreams).toBe(1000)
    add({ type: 'max-streams', match: { provider: 'apns' }, attributes: { value: 1 } })
    const settled = new Promise<number | undefined>((resolve) => session.once('remoteSettings', (settings) => resolve(settings.maxConcurrentStreams)))
    expect((await apnsPush(session, jwt, TOKEN_A)).status).toBe(200)
    expect(await settled).toBe(1)
    session.destroy()
  })

  it('rst-stream and refuse-stream reset only that stream, with their codes', async () => {
    const session = apnsSession(sims)
    add({ type: 'rst-stream', match: { target: TOKEN_A }, attributes: { code: 'ENHANCE_YOUR_CALM' } })
    add({ type: 'refuse-stream', match: { target: TOKEN_B }, attributes: {} })
    await expect(apnsPush(session, jwt, TOKEN_A)).rejects.toMatchObject({ code: 'ERR_HTTP2_STREAM_ERROR', message: expect.stringContaining('NGHTTP2_ENHANCE_YOUR_CALM') })
    await expect(apnsPush(session, jwt, TOKEN_B)).rejects.toMatchObject({ message: expect.stringContaining('NGHTTP2_REFUSED_STREAM') })
    sims.faults.clear()
    expect((await apnsPush(session, jwt, TOKEN_A)).status).toBe(200)
    session.destroy()
  })

  it('reset drops the TCP connection', async () => {
    add({ type: 'reset', match: { provider: 'apns' }, attributes: {} })
    const session = apnsSession(sims)
    const closed = new Promise((resolve) => session.once('close', resolve))
    await expect(apnsPush(session, jwt, TOKEN_A)).rejects.toBeDefined()
    await closed
    expect(sims.ledger.query({ provider: 'apns', delivery: 'reset' }).total).toBeGreaterThanOrEqual(1)
  })

  it('hang never answers, so the client’s own timeout fires', async () => {
    add({ type: 'hang', match: { target: TOKEN_A }, attributes: {} })
    const session = apnsSession(sims)
    const stream = session.request({ ':method': 'POST', ':path': `/3/device/${TOKEN_A}`, authorization: `bearer ${jwt}`, 'apns-topic': 'com.example.pushsim' })
    stream.end('{"aps":{}}')
    const timedOut = await new Promise<string>((resolve) => {
      stream.setTimeout(200, () => resolve('client timeout'))
      stream.on('response', () => resolve('answered'))
    })
    expect(timedOut).toBe('client timeout')
    stream.close(constants.NGHTTP2_CANCEL)
    // Recorded once the client gave up: abandoned by its RST_STREAM CANCEL, about 200 ms after the request.
    const deadline = Date.now() + 2_000
    while (sims.ledger.count({ target: TOKEN_A, delivery: 'hang' }) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(sims.ledger.query({ target: TOKEN_A, delivery: 'hang' }).entries[0]).toMatchObject({ response: { status: 0 }, wire: { outcome: 'abandoned', by: 'rst-stream', code: constants.NGHTTP2_CANCEL } })
    session.destroy()
  })

  it('latency (scaled by the time scale) delays the answer; the ledger duration includes it', async () => {
    add({ type: 'latency', match: { target: TOKEN_B }, attributes: { distribution: { kind: 'fixed', ms: 10_000 } } })
    const session = apnsSession(sims)
    expect((await apnsPush(session, jwt, TOKEN_B)).status).toBe(200)
    const [entry] = sims.ledger.query({ target: TOKEN_B, fault: 'true' }).entries.slice(-1)
    // 10 s at time scale 0.01 is 100 ms: timers never fire early, so this lower bound holds on any machine.
    expect(entry!.durationMs).toBeGreaterThanOrEqual(99)
    session.destroy()
  })

  it('close after N bytes cuts an answer mid-body and drops the connection', async () => {
    add({ type: 'error', match: { target: TOKEN_A }, attributes: { code: 'BadDeviceToken' } })
    expect(await apnsPush(apnsSession(sims), jwt, TOKEN_A)).toMatchObject({ status: 400, body: '{"reason":"BadDeviceToken"}' })
    const closeId = add({ type: 'close', match: { target: TOKEN_A }, attributes: { afterBytes: 5 } })
    const session = apnsSession(sims)
    const closed = new Promise((resolve) => session.once('close', resolve))
    const cut = await apnsPush(session, jwt, TOKEN_A).then(
      (answer) => answer.body,
      () => 'stream error',
    )
    await closed
    // Either the 5 bytes arrived before the connection dropped, or the stream failed: never the whole body.
    expect(['{"rea', 'stream error']).toContain(cut)
    expect(sims.ledger.query({ fault: closeId }).entries[0]!.faults).toHaveLength(2)
  })
})

describe('APNs’ stream collapse after a rejection', () => {
  it('drops SETTINGS_MAX_CONCURRENT_STREAMS to 1 after a rejected push and restores it after the next success', async () => {
    add({ type: 'error', match: { target: TOKEN_B }, attributes: { code: 'BadDeviceToken' } })
    add({ type: 'max-streams', match: { provider: 'apns' }, attributes: { value: 1, when: 'after-rejection', restore: 500 } })
    const session = apnsSession(sims)
    const limits: (number | undefined)[] = []
    session.on('remoteSettings', (settings) => limits.push(settings.maxConcurrentStreams))
    expect((await apnsPush(session, jwt, TOKEN_A)).status).toBe(200)
    expect((await apnsPush(session, jwt, TOKEN_B)).status).toBe(400)
    expect((await apnsPush(session, jwt, TOKEN_A)).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 20))
    // 1 until the first valid token, 1000 after it (the core), then the fault's collapse and restore.
    expect(limits).toEqual([1, 1000, 1, 500])
    session.destroy()
  })
})
