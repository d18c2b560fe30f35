/**
 * More load than the machine can serve: the simulators shed it as providers
 * do (503 with Retry-After when they fall behind, connections past a limit
 * closed, REFUSED_STREAM past the stream limit), stay up, keep memory
 * bounded, and the ledger stays complete: every answer a client received is
 * an `answered` entry. Bounded in time: a few seconds of load per case.
 */
import { execFile } from 'node:child_process'
import { connect as connectTcp, type Socket } from 'node:net'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { hasCommand } from './support/commands.ts'
import { startTestSimulators } from './support/simulators.ts'

const run = promisify(execFile)
const FCM_SEND = '/v1/projects/pushsim-demo/messages:send'
const BODY = '{"message":{"token":"overload-token-0000000"}}'

// autocannon's JSON result: the part used here.
type Counts = Record<'1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'errors', number>

/** autocannon in its own process (its sockets' errors are its own), bounded in time. */
async function cannon(url: string, options: { connections: number; seconds: number }): Promise<Counts> {
  const args = ['-j', '-c', String(options.connections), '-d', String(options.seconds), '-t', '5', '-m', 'POST', '-H', 'content-type=application/json', '-b', BODY, url + FCM_SEND]
  const { stdout } = await run(resolve(import.meta.dirname, '../node_modules/.bin/autocannon'), args, { timeout: (options.seconds + 20) * 1000, maxBuffer: 16 * 1024 * 1024 })
  return JSON.parse(stdout) as Counts
}

describe('overload', () => {
  it('past the connection limit new connections are closed; the rest are served, memory stays bounded and every answer is in the ledger', async () => {
    // The ring holds every exchange of the run (its default, 100,000, is what a few seconds of this load make).
    const sims = await startTestSimulators({ overload: { maxConnections: 64 }, ledgerFile: false, ledgerCapacity: 1_000_000 })
    try {
      const rssBefore = process.memoryUsage().rss
      // 80 connections against a limit of 64: the last 16 are closed at once.
      const port = Number(new URL(sims.endpoints.fcm).port)
      const held: Socket[] = []
      for (let i = 0; i < 80; i++) held.push(await open(port))
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(held.map((socket) => socket.readyState === 'open')).toEqual([...Array(64).fill(true), ...Array(16).fill(false)])
      held.forEach((socket) => socket.destroy())
      await new Promise((resolve) => setTimeout(resolve, 50))
      // Ten times the bench's hundred connections, in another process, against that limit.
      const result = await cannon(sims.endpoints.fcm, { connections: 1_000, seconds: 3 })
      const received = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx']
      expect(received).toBeGreaterThan(1_000)
      const answered = sims.ledger.count({ provider: 'fcm', outcome: 'answered' })
      // Every answer a client got is recorded; a few more were written as autocannon dropped or stopped reading connections.
      expect(answered).toBeGreaterThanOrEqual(received)
      expect(answered - received).toBeLessThanOrEqual(Math.max(256, received / 100))
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024)
      // Still serving.
      const after = await fetch(sims.endpoints.fcm + FCM_SEND, { method: 'POST', body: BODY })
      expect(after.status).toBe(401)
    } finally {
      await sims.stop()
    }
  }, 30_000)

  it('h2load (when installed) at several times the bench: the process stays up with bounded memory, and every answer is in the ledger', async () => {
    if (!hasCommand('h2load')) return void console.warn('h2load not installed: skipped (apt-get install nghttp2-client)')
    const sims = await startTestSimulators({ ledgerFile: false, ledgerCapacity: 1_000_000 })
    try {
      const rssBefore = process.memoryUsage().rss
      // Asynchronously: the simulators serve from this very process.
      const out = await run('h2load', ['-c', '200', '-m', '100', '-n', '60000', `${sims.endpoints.apnsH2c}/3/device/${'f6'.repeat(32)}`], { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 })
      expect(out.stdout).toMatch(/requests: \d+ total/)
      // Without a provider token every push is a 403: done, not succeeded, in h2load's words.
      const done = Number(/(\d+) done/.exec(out.stdout)?.[1])
      expect(done).toBeGreaterThan(1_000)
      expect(sims.ledger.count({ provider: 'apns', outcome: 'answered' })).toBeGreaterThanOrEqual(done)
      // Every stream is on the wire and in the ledger: answered, or refused over APNs' one stream before a valid token.
      const errored = Number(/(\d+) errored/.exec(out.stdout)?.[1])
      expect(sims.ledger.count({ provider: 'apns', outcome: 'refused' })).toBeGreaterThanOrEqual(errored)
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 * 1024 * 1024)
    } finally {
      await sims.stop()
    }
  }, 30_000)

  it('behind on its event loop for a while, the simulator answers the provider’s own 503 with Retry-After, recorded as overload, and recovers', async () => {
    const sims = await startTestSimulators({ overload: { lagThresholdMs: 200, sustainedSamples: 3 }, ledgerFile: false })
    try {
      const port = Number(new URL(sims.endpoints.fcm).port)
      // A single pause sheds nothing.
      busyFor(600)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect((await fetch(sims.endpoints.fcm + FCM_SEND, { method: 'POST', body: BODY })).status).toBe(401)
      // A loop that stays behind (a CPU-bound neighbour) does: 300 ms of work in every 310 ms, for 1.5 s.
      const hog = setInterval(() => busyFor(300), 10)
      await new Promise((resolve) => setTimeout(resolve, 1_500))
      const sockets = await Promise.all(Array.from({ length: 5 }, () => open(port)))
      const answers = sockets.map(readAnswer)
      for (const socket of sockets) socket.write(`POST ${FCM_SEND} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`)
      const texts = await Promise.all(answers)
      clearInterval(hog)
      for (const text of texts) {
        expect(text).toMatch(/^HTTP\/1.1 503 /)
        expect(text).toMatch(/\r\nretry-after: 1\r\n/i)
        expect(text).toContain('"status": "UNAVAILABLE"')
      }
      const shed = sims.ledger.query({ fault: 'overload' })
      expect(shed.total).toBe(5)
      expect(shed.entries[0]).toMatchObject({ reason: 'UNAVAILABLE', wire: { outcome: 'answered', status: 503 } })
      // Caught up: served again (a loaded machine may take a few samples to get there).
      let after = 0
      for (let tries = 0; tries < 20 && after !== 401; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        after = (await fetch(sims.endpoints.fcm + FCM_SEND, { method: 'POST', body: BODY })).status
      }
      expect(after).toBe(401)
      sockets.forEach((socket) => socket.destroy())
    } finally {
      await sims.stop()
    }
  })
})

function busyFor(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => resolve(socket))
    socket.once('error', reject)
  })
}

function readAnswer(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1')
      const head = text.indexOf('\r\n\r\n')
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? -1)
      if (head >= 0 && length >= 0 && text.length >= head + 4 + length) resolve(text)
    })
  })
}

