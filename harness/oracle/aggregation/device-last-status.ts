/**
 * `aggregation.device-last-status` over a saved run: the dispatcher's
 * devices as the run collected them (GET /devices, capability `devices`,
 * one per line in DEVICES_FILE) against each address's last status
 * recomputed from the ledger (device-status-fold.ts). Without the
 * capability the case is skipped as a missing precondition, never passed.
 */
import { createReadStream, existsSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { CaseBuilder, CaseResult } from '../case.ts'
import { exchangeBatchesOf } from '../ground-truth.ts'
import { readReport, type RunData } from '../run-data.ts'
import { DeviceStatusFold, deviceLastStatusBuilder, type ListedDevice } from './device-status-fold.ts'

/** Written by harness/run/collect-devices.ts at the root of the run directory. */
export const DEVICES_FILE = 'dispatcher-devices.ndjson'

export async function deviceLastStatusCases(data: RunData): Promise<CaseResult[]> {
  const builder = deviceLastStatusBuilder()
  if (!(data.result.dispatcher?.capabilities ?? []).includes('devices')) {
    return [builder.result('PRECONDITION_FAILED: the dispatcher lacks the capability `devices` (GET /devices): its devices’ last statuses cannot be read')]
  }
  const path = join(data.dir, DEVICES_FILE)
  if (!existsSync(path)) return [builder.result(`the run directory has no ${DEVICES_FILE}: the dispatcher’s devices could not be read whole (see the run’s notes)`)]
  const fold = new DeviceStatusFold()
  for await (const batch of exchangeBatchesOf(data, data.result.clock.segments)) for (const exchange of batch) fold.exchange(exchange)
  const unaddressed = fold.unaddressedDeliveries()
  if (unaddressed.size > 0) fold.resolveUnaddressed(plannedDevices(data.reportPaths, unaddressed))
  return [await fold.judge(listedDevices(path, builder), builder)]
}

/** The device each of these deliveries was planned for, from the campaigns' reported deliveries (read only when needed). */
function plannedDevices(reportPaths: readonly string[], wanted: ReadonlySet<string>): Map<string, string> {
  const deviceOf = new Map<string, string>()
  for (const path of reportPaths) {
    const read = readReport(path)
    if (!read.ok || !Array.isArray(read.value.deliveries)) continue
    for (const delivery of read.value.deliveries as { id?: unknown; deviceId?: unknown }[]) {
      if (typeof delivery.id === 'string' && typeof delivery.deviceId === 'string' && wanted.has(delivery.id)) deviceOf.set(delivery.id, delivery.deviceId)
    }
  }
  return deviceOf
}

/** The file's devices in order, one line at a time; a line that is not a device is a violation of its own. */
async function* listedDevices(path: string, builder: CaseBuilder): AsyncGenerator<ListedDevice> {
  let line = 0
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++
    if (text.trim() === '') continue
    const device = parsed(text)
    if (device === undefined) builder.check({ expected: 'a device {id, personId, channel, address, lastStatus}', actual: text.slice(0, 120), note: `${DEVICES_FILE} line ${line} is not a device` })
    else yield device
  }
}

function parsed(text: string): ListedDevice | undefined {
  try {
    const value = JSON.parse(text) as Partial<ListedDevice> | null
    const address = value?.address as { kind?: unknown; token?: unknown; endpoint?: unknown } | undefined
    const addressOk = (address?.kind === 'token' && typeof address.token === 'string') || (address?.kind === 'subscription' && typeof address.endpoint === 'string')
    return typeof value?.id === 'string' && typeof value.personId === 'string' && typeof value.channel === 'string' && typeof value.lastStatus === 'string' && addressOk ? (value as ListedDevice) : undefined
  } catch {
    return undefined
  }
}
