/**
 * The simulated devices behind the simulators. When a provider accepts a
 * push (the wire watch reads it from the ledger), the device owning its
 * token or subscription reads the tracking object, decides what it reports (behaviour.ts),
 * and posts `/track` and `/conversions` to the dispatcher on the run's
 * clock, at least once. Every decision and every report is appended to the
 * ledger beside the exchanges, as ground truth.
 */
import type { LedgerRecord } from '../../simulators/ledger/entry.ts'
import { createRng } from '../../simulators/kernel/rng.ts'
import type { ClockTimers } from '../../simulators/kernel/clock-timers.ts'
import type { RunClock } from '../../simulators/kernel/run-clock.ts'
import type { Simulators } from '../../simulators/serve.ts'
import type { DevicesPlan } from '../../scenarios/plan-types.ts'
import type { DispatcherClient } from '../contract/client.ts'
import type { BookedDevice } from '../run/audience-book.ts'
import { decide, type DeviceDecision } from './behaviour.ts'
import type { Tracking } from './tracking.ts'
import type { ShownText } from './shown-web-push.ts'
import type { WireWatch } from '../run/wire-watch.ts'

export interface FleetCounters {
  /** Pushes accepted by a provider for a device of the audience. */
  received: number
  /** Accepted pushes without a readable tracking object. */
  untracked: number
  decisions: { delivered: number; opened: number; converted: number }
  reports: { posted: number; duplicates: number; failed: number }
}

export interface DeviceFleet {
  readonly counters: FleetCounters
  /** Pushes waiting to be read, reports due later or being posted: the run is not quiet while this is above 0. */
  pending(): number
  /** Reports being posted now, or waiting for a free connection. */
  posting(): number
  /** When the last report waiting on the clock is due (virtual ms). */
  lastDueMs(): number | undefined
  close(): void
}

export interface FleetOptions {
  sims: Simulators
  watch: WireWatch
  devices: DevicesPlan
  seed: string
  clock: RunClock
  timers: ClockTimers
  client: DispatcherClient
  /** A report reached the dispatcher `delayMs` (virtual) after its push was accepted. */
  onReport?(report: 'delivered' | 'opened' | 'converted', delayMs: number): void
}

/** A report that fails to reach the dispatcher is tried this many times in all (at-least-once, not forever). */
const REPORT_TRIES = 8
/** Exponential backoff between tries, virtual ms doubling from here… */
const REPORT_RETRY_MS = 1_000
/** …and never under this many wall ms doubling: at a fast time scale a restarting dispatcher still has ~30 s of wall to come back. */
const REPORT_RETRY_WALL_MS = 250
/** Reports posted at once at most: a fast-forward over a day releases thousands together. */
const POSTS_AT_ONCE = 64

export function startDeviceFleet(options: FleetOptions): DeviceFleet {
  const { sims, clock, timers, client } = options
  const counters: FleetCounters = { received: 0, untracked: 0, decisions: { delivered: 0, opened: 0, converted: 0 }, reports: { posted: 0, duplicates: 0, failed: 0 } }
  let posting = 0
  let closed = false
  let active = 0
  const waiting: (() => void)[] = []
  const slot = async () => {
    if (active < POSTS_AT_ONCE) return void active++
    await new Promise<void>((resolve) => waiting.push(resolve))
  }
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else active--
  }

  const stopWatching = options.watch.onExchange((exchange) => {
    if (!closed && exchange.accepted && exchange.booked !== undefined) receive(exchange.record, exchange.booked, exchange.tracking, exchange.shown)
  })

  function receive(record: LedgerRecord, booked: BookedDevice, tracking: Tracking | undefined, shown: ShownText | undefined) {
    counters.received++
    const receivedAt = clock.virtualAt(record.startedAt + record.durationMs)
    const base = { deviceId: booked.device.id, personId: booked.personId, channel: booked.device.channel, exchange: record.seq, deliveryId: tracking?.deliveryId ?? null }
    if (tracking === undefined) {
      counters.untracked++
      sims.ledger.appendEvent('device', { event: 'decision', virtualAt: iso(receivedAt), ...base, decision: { delivered: false, opened: false, converted: false, reason: 'untracked' }, due: {} })
      return
    }
    const rng = createRng(`${options.seed}/device/${tracking.deliveryId}/${booked.device.id}`)
    const offline = options.devices.offline.share > 0 && rng.next() < options.devices.offline.share
    const duplicate = rng.next() < options.devices.duplicateReports
    const decision = decide(booked.device, booked.platform, options.devices, rng.fork('behaviour'), offline)
    const due = dueTimes(decision, receivedAt)
    sims.ledger.appendEvent('device', { event: 'decision', virtualAt: iso(receivedAt), ...base, decision: { delivered: decision.delivered, opened: decision.opened, converted: decision.converted, reason: decision.reason }, due: mapValues(due, iso), ...(shown === undefined ? {} : { shown }) })
    if (decision.delivered) counters.decisions.delivered++
    if (decision.opened) counters.decisions.opened++
    if (decision.converted) counters.decisions.converted++
    for (const [report, atMs] of Object.entries(due) as [Report, number][]) {
      timers.at(atMs, () => {
        void post(report, atMs, tracking, booked, base, false, atMs - receivedAt)
        if (duplicate) {
          counters.reports.duplicates++
          void post(report, atMs, tracking, booked, base, true, atMs - receivedAt)
        }
      })
    }
  }

  type Report = 'delivered' | 'opened' | 'converted'
  async function post(report: Report, atMs: number, tracking: Tracking, booked: BookedDevice, base: object, duplicate: boolean, delayMs: number) {
    posting++
    await slot()
    try {
      for (let attempt = 1; attempt <= REPORT_TRIES && !closed; attempt++) {
        const answer =
          report === 'converted' ? await client.convert({ personId: booked.personId, at: atMs }) : await client.track({ deliveryId: tracking.deliveryId, token: tracking.token, event: report, at: atMs })
        const status = answer.ok ? answer.status : (answer.error.status ?? null)
        const retry = !answer.ok && (status === null || status >= 500) && attempt < REPORT_TRIES
        sims.ledger.appendEvent('device', {
          event: 'report',
          virtualAt: iso(clock.now()),
          ...base,
          report,
          duplicate,
          status,
          attempt,
          ...(answer.ok ? {} : { error: answer.error.message }),
        })
        if (answer.ok) {
          counters.reports.posted++
          if (!duplicate) options.onReport?.(report, delayMs)
        }
        if (!retry) {
          if (!answer.ok) counters.reports.failed++
          return
        }
        const factor = 2 ** (attempt - 1)
        await Promise.all([timers.sleep(REPORT_RETRY_MS * factor), new Promise((resolve) => setTimeout(resolve, REPORT_RETRY_WALL_MS * factor))])
      }
    } finally {
      release()
      posting--
    }
  }

  return {
    counters,
    pending: () => timers.pending + posting,
    posting: () => posting,
    lastDueMs: () => timers.lastDueMs(),
    close() {
      closed = true
      stopWatching()
    },
  }
}

function dueTimes(decision: DeviceDecision, receivedAt: number): Partial<Record<'delivered' | 'opened' | 'converted', number>> {
  const due: Partial<Record<'delivered' | 'opened' | 'converted', number>> = {}
  if (decision.deliveredAfterMs !== undefined) due.delivered = receivedAt + Math.round(decision.deliveredAfterMs)
  if (decision.openedAfterMs !== undefined) due.opened = receivedAt + Math.round(decision.openedAfterMs)
  if (decision.convertedAfterMs !== undefined) due.converted = receivedAt + Math.round(decision.convertedAfterMs)
  return due
}

const iso = (ms: number) => new Date(ms).toISOString()
const mapValues = <V, W>(record: Partial<Record<string, V>>, map: (value: V) => W) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value as V)]))
