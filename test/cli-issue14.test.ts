/** Issue 14 §1: the CLI as a process meets taken ports, closed pipes, bad files and bad flags with a clear message and the right exit. */
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCliProcess } from './support/cli-process.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators()
})
afterAll(async () => {
  await sims.stop()
})

describe('pushsim dispatcher serve', () => {
  it('exits 5 naming the port and --port when the port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as AddressInfo).port
    try {
      const database = join(mkdtempSync(join(tmpdir(), 'pushsim-disp-')), 'd.db')
      const result = await runCliProcess(['dispatcher', 'serve', '--port', String(port), '--pushsim', sims.endpoints.admin, '--database', database])
      expect(result.signal).toBeNull()
      expect(result.code).toBe(5)
      expect(result.err).toContain(`port ${port}`)
      expect(result.err).toContain('--port')
      expect(result.err).not.toMatch(/\n\s+at /)
    } finally {
      blocker.close()
    }
  }, 30_000)
})
