/**
 * The ledger's `connection` lines (docs/ledger.md "A connection entry"):
 * a connection a slow-connect fault holds is recorded when the hold ends —
 * `left` when the client gave up first (its connect timeout: no request
 * ever arrives, so no exchange records it), `released` when the hold ran
 * out, after which the connection still works over TLS and its exchanges
 * name the fault.
 */
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { connect } from 'node:tls'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators({ timeScale: 0.01 })
})
afterAll(() => sims?.stop())

/** The connection lines written so far. */
async function heldLines(): Promise<{ connection: number; outcome: string; faults: string[]; provider: string }[]> {
  await sims.ledger.flush()
  return readFileSync(sims.ledger.path!, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{"schema":1,"kind":"connection"'))
    .map((line) => JSON.parse(line))
}

async function until<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('the line never came')
}

it('a client that gives up on a held TLS connect leaves a `left` line; a released one is served', async () => {
  const added = sims.faults.add([
    { id: 'stall-long', type: 'slow-connect', match: { provider: 'webpush', connection: 1 }, attributes: { distribution: { kind: 'fixed', ms: 1_000_000 } } },
    { id: 'stall-short', type: 'slow-connect', match: { provider: 'webpush', connection: 2 }, attributes: { distribution: { kind: 'fixed', ms: 2_000 } } },
  ])
  expect(added.ok).toBe(true)
  const port = Number(new URL(sims.endpoints.webpushTls).port)

  // Connection 1: held for 10 s of wall time; the client leaves at once.
  const leaving = connect({ host: '127.0.0.1', port, rejectUnauthorized: false })
  leaving.on('error', () => {})
  await new Promise((resolve) => setTimeout(resolve, 30))
  leaving.destroy()
  const left = await until(async () => (await heldLines()).find((line) => line.connection === 1))
  expect(left).toMatchObject({ provider: 'webpush', tls: true, outcome: 'left', faults: ['stall-long'] })

  // Connection 2: held 20 ms, then the TLS handshake and the request go through.
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/wp/not-a-subscription', method: 'POST', rejectUnauthorized: false, agent: false, headers: { ttl: '60' } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end('x')
  })
  expect(status).toBeGreaterThanOrEqual(400)
  expect((await heldLines()).find((line) => line.connection === 2)).toMatchObject({ outcome: 'released', faults: ['stall-short'] })
  const exchange = sims.ledger.query({ provider: 'webpush' }).entries.at(-1)!
  expect(exchange.faults).toEqual(['stall-short'])
})
