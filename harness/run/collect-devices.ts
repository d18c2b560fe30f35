/**
 * At the end of a run, reads the dispatcher's devices with their last
 * status (§7 device management; capability `devices`) a page at a time
 * into the run directory, one device per line, for the oracle to compare
 * with the ground truth offline. The file appears only once the whole list
 * was read (written under a temporary name, then renamed): a list cut short
 * would make every device it lost look missing.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { DEVICES_FILE } from '../oracle/aggregation/device-last-status.ts'
import { readList } from './list-reader.ts'
import type { RunContext } from './run-context.ts'

export { DEVICES_FILE }

export async function collectDevices(ctx: Pick<RunContext, 'failure' | 'capabilities' | 'client' | 'notes'>, outDir: string): Promise<void> {
  if (ctx.failure !== undefined || !ctx.capabilities.has('devices')) return
  const path = join(outDir, DEVICES_FILE)
  const partial = `${path}.partial`
  const fd = openSync(partial, 'w')
  let error
  try {
    // Never called: the devices list has only the paged form.
    const unpaged = async () => ({ ok: false as const, error: { code: 'BAD_ANSWER' as const, message: 'GET /devices is always paged' } })
    error = await readList({ whole: unpaged, page: (limit, after) => ctx.client.devicesPage(limit, after) }, true, (devices) => {
      let text = ''
      for (const device of devices) text += JSON.stringify(device) + '\n'
      if (text !== '') writeSync(fd, text)
    })
  } finally {
    closeSync(fd)
  }
  if (error === undefined) return renameSync(partial, path)
  rmSync(partial, { force: true })
  ctx.notes.push(`reading the devices from the dispatcher: ${error.message}; device last statuses are not judged`)
}
