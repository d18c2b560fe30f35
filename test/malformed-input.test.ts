/**
 * Bad input on real sockets gets the provider's answer or a clean close:
 * no crash, no stack trace, bounded memory, and the simulator keeps serving.
 */
import { connect as connectH2 } from 'node:http2'
import { connect as connectTcp } from 'node:net'
import { connect as connectTls } from 'node:tls'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators()
})
afterAll(() => sims?.stop())

const portOf = (url: string) => Number(new URL(url).port)
const GARBAGE = Buffer.from([0x16, 0xff, 0x00, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x0d, 0x0a, 0x0d, 0x0a, 0x47, 0x45, 0x54, 0x20, 0x00])

/** Writes bytes on a raw socket; resolves with what came back once the server closes. */
function rawExchange(socket: ReturnType<typeof connectTcp>, bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = ''
    const timer = setTimeout(() => reject(new Error('the server did not close the connection')), 5_000)
    socket.on('data', (chunk) => (received += chunk.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(received)
    })
    socket.write(bytes)
  })
}

async function stillServes() {
  const response = await request(`${sims.endpoints.fcm}/v1/projects/pushsim-demo/messages:send`, { method: 'POST', body: '{}' })
  expect(response.statusCode).toBe(401)
  await response.body.dump()
}

describe('garbage bytes', () => {
  it('HTTP/1.1 listeners answer 400 and close', async () => {
    for (const url of [sims.endpoints.fcm, sims.endpoints.webpush]) {
      const received = await rawExchange(connectTcp(portOf(url), '127.0.0.1'), GARBAGE)
      expect(received.startsWith('HTTP/1.1 400 Bad Request')).toBe(true)
      expect(received).not.toMatch(/at .*\.ts:\d+/)
    }
    await stillServes()
  })

  it('the h2c listener closes a connection that is not HTTP/2', async () => {
    await rawExchange(connectTcp(portOf(sims.endpoints.apnsH2c), '127.0.0.1'), GARBAGE)
    await stillServes()
  })

  it('TLS listeners close a connection that is not TLS', async () => {
    for (const url of [sims.endpoints.apns, sims.endpoints.fcmTls, sims.endpoints.webpushTls]) {
      await rawExchange(connectTcp(portOf(url), '127.0.0.1'), GARBAGE)
    }
    await stillServes()
  })

  it('APNs refuses a TLS client that does not negotiate h2', async () => {
    const socket = connectTls({ port: portOf(sims.endpoints.apns), host: '127.0.0.1', ca: sims.tls.ca, ALPNProtocols: ['http/1.1'], servername: 'localhost' })
    const closed = await new Promise<string>((resolve) => {
      socket.on('error', (error) => resolve(error.message))
      socket.on('close', () => resolve('closed'))
      socket.on('secureConnect', () => socket.write('POST /3/device/ab HTTP/1.1\r\nhost: x\r\n\r\n'))
    })
    expect(closed).toBeTruthy()
    expect(socket.alpnProtocol).not.toBe('h2')
  })

  it('garbage after a valid HTTP/2 preface ends that session only', async () => {
    const socket = connectTcp(portOf(sims.endpoints.apnsH2c), '127.0.0.1')
    await rawExchange(socket, Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), GARBAGE, GARBAGE]))
    const session = connectH2(sims.endpoints.apnsH2c)
    const status = await new Promise<number>((resolve) => {
      const stream = session.request({ ':method': 'POST', ':path': '/3/device/ab' })
      stream.on('response', (headers) => resolve(Number(headers[':status'])))
      stream.end()
    })
    session.close()
    expect(status).toBe(403)
  })
})

describe('oversize bodies', () => {
  it('a 10 MiB body to FCM gets FCM’s own answer, and the ledger keeps only a bounded prefix', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x61)
    const response = await request(`${sims.endpoints.fcm}/v1/projects/pushsim-demo/messages:send`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: huge })
    expect(response.statusCode).toBe(401)
    await response.body.dump()
    const [entry] = sims.ledger.query({ provider: 'fcm', pathPrefix: '/v1/' }).entries.slice(-1)
    expect(entry!.request.bodyLength).toBe(huge.length)
    expect(Buffer.byteLength(entry!.request.body)).toBeLessThanOrEqual(64 * 1024)
  })

  it('a 6 KiB APNs payload is 413 PayloadTooLarge, even without credentials checked first', async () => {
    const session = connectH2(sims.endpoints.apnsH2c)
    const answer = await new Promise<{ status: number; body: string }>((resolve) => {
      const stream = session.request({ ':method': 'POST', ':path': `/3/device/${'ab'.repeat(32)}` })
      let body = ''
      let status = 0
      stream.on('response', (headers) => (status = Number(headers[':status'])))
      stream.on('data', (chunk) => (body += chunk))
      stream.on('end', () => resolve({ status, body }))
      stream.end(Buffer.alloc(6 * 1024, 0x7b))
    })
    session.close()
    // Validation order (protocols.md §1.8): authorization comes before payload size.
    expect(answer).toEqual({ status: 403, body: '{"reason":"MissingProviderToken"}' })
  })

  it('a 1 MiB web push body gets the flavour’s 413 (autopush errno 104)', async () => {
    const made = sims.webpush.subscribe({ browser: 'firefox', origin: sims.endpoints.webpush })
    if (!made.ok) throw new Error(made.error.message)
    const response = await request(made.value.subscription.endpoint, { method: 'POST', headers: { ttl: '60', 'content-encoding': 'aes128gcm' }, body: Buffer.alloc(1024 * 1024, 1) })
    expect(response.statusCode).toBe(413)
    expect(await response.body.json()).toMatchObject({ code: 413, errno: 104 })
  })
})
