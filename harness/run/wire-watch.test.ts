import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startSimulators } from '../../simulators/serve.ts'
import type { AudienceBook } from './audience-book.ts'
import { watchWire } from './wire-watch.ts'

describe('watchWire', () => {
  it('closes with a drain still scheduled without writing after the tracking file ended', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wire-watch-'))
    const sims = await startSimulators({ stateDir: join(dir, 'sims'), ports: { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }, seed: 'w' })
    const book = { byAddress: () => undefined } as unknown as AudienceBook
    const watch = watchWire(sims, book, join(dir, 'tracking.ndjson'))
    const uncaught: unknown[] = []
    const onUncaught = (error: unknown) => uncaught.push(error)
    process.on('uncaughtException', onUncaught)
    try {
      // An exchange recorded schedules a drain for a later turn; close() runs in the same turn, before it.
      const recorded = new Promise<void>((resolve) => sims.ledger.onAppend(() => resolve()))
      const answered = fetch(`${sims.endpoints.fcm}/v1/projects/p/messages:send`, { method: 'POST', body: '{}' }).then((response) => response.text())
      await recorded
      await watch.close()
      await new Promise((resolve) => setImmediate(resolve))
      await answered
    } finally {
      process.off('uncaughtException', onUncaught)
      await sims.close()
    }
    expect(uncaught).toEqual([])
    expect(existsSync(join(dir, 'tracking.ndjson'))).toBe(true)
    expect(readFileSync(join(dir, 'tracking.ndjson'), 'utf8')).toMatch(/"provider":"fcm"/)
  })
})
