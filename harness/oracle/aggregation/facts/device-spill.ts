/**
 * A device line as the WireCollector spills it: to the bucket of its
 * delivery (a decision and its reports carry their exchange's delivery id),
 * as a tab-separated line holding only what the metric path reads — a
 * decision's due times, or a report the dispatcher took (2xx): its kind,
 * time and whom it names. A pure function of the line and the bucket count,
 * so the ledger reader's worker thread can do it while the fold goes on.
 */
import type { DeviceEntry } from '../../../../simulators/ledger/device-entry.ts'
import { instantMs } from '../../iso-instant.ts'
import { bucketOf, fieldOf } from '../../spill-files.ts'
import type { ReportFact } from './build.ts'

export const REPORTS: readonly ReportFact['report'][] = ['delivered', 'opened', 'converted']
export const DECISION = 'D'
export const REPORT = 'R'

/** The line and its bucket; undefined for a line the metric path does not read (a report the dispatcher refused). */
export function deviceSpillLine(entry: DeviceEntry, buckets: number): { bucket: number; line: string } | undefined {
  const key = entry.deliveryId ?? `#${entry.exchange}`
  if (entry.event === 'decision') {
    const due = REPORTS.map(() => '')
    for (const [report, at] of Object.entries(entry.due ?? {})) {
      const kind = REPORTS.indexOf(report as ReportFact['report'])
      if (kind !== -1 && at != null) due[kind] = String(instantMs(at))
    }
    return { bucket: bucketOf(key, buckets), line: `${DECISION}\t${entry.exchange}\t${due.join('\t')}` }
  }
  if (entry.event === 'report' && entry.status !== null && entry.status >= 200 && entry.status < 300) {
    const kind = REPORTS.indexOf(entry.report)
    if (kind === -1) return undefined
    const who = entry.report === 'converted' ? fieldOf(entry.personId) : entry.deliveryId === null ? '' : fieldOf(entry.deliveryId)
    return { bucket: bucketOf(key, buckets), line: `${REPORT}\t${entry.exchange}\t${kind}\t${instantMs(entry.virtualAt)}\t${who}` }
  }
  return undefined
}
