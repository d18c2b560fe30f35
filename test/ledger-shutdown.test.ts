/**
 * Nothing is lost at shutdown: exchanges still owed when the simulators stop
 * (a hang, an answer a latency fault still holds) are settled as hung and
 * written to the ledger file before it closes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { LedgerEntry } from '../simulators/ledger/entry.ts'
import { isExchangeLine, readLedger } from '../simulators/ledger/reader.ts'
import { startTestSimulators } from './support/simulators.ts'

const SEND = '/v1/projects/pushsim-demo/messages:send'
const post = (token: string): string => {
  const body = JSON.stringify({ message: { token } })
  return `POST ${SEND} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`
}

it('a hung exchange and one a latency fault holds are in the file as hung after a shutdown', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'pushsim-shutdown-'))
  try {
    const sims = await startTestSimulators({ stateDir })
    sims.faults.add({ type: 'hang', match: { target: 'tok-hung-at-stop-0000000' } })
    sims.faults.add({ type: 'latency', match: { target: 'tok-held-at-stop-0000000' }, attributes: { distribution: { kind: 'fixed', ms: 60_000 } } })
    const port = Number(new URL(sims.endpoints.fcm).port)
    const sockets = ['tok-hung-at-stop-0000000', 'tok-held-at-stop-0000000'].map((token) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(post(token)))
      socket.on('error', () => {})
      return socket
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(sims.ledger.recorded).toBe(0) // owed, not yet recorded
    await sims.stop()
    sockets.forEach((socket) => socket.destroy())
    const entries: LedgerEntry[] = []
    for await (const line of readLedger(join(stateDir, 'ledger.ndjson'))) if (isExchangeLine(line)) entries.push(line.entry)
    expect(entries.map((entry) => [entry.target, entry.delivery, entry.wire.outcome]).sort()).toEqual([
      ['tok-held-at-stop-0000000', 'none', 'hung'],
      ['tok-hung-at-stop-0000000', 'hang', 'hung'],
    ])
  } finally {
    rmSync(stateDir, { recursive: true, force: true })
  }
})
