/**
 * What the run measures from the ground truth, as it happens: per delivery
 * (grouped by the tracking id every attempt carries) its first attempt, its
 * acceptance and its attempts; per exchange the simulator-side latency; per
 * device report its delay after the push was accepted. Times are taken on
 * the simulators' side of the wire and arrivals are open-model, so the
 * figures are free of coordinated omission. Durations are virtual ms (wall
 * ms divided by the time scale): thresholds scale with the clock.
 */
import * as hdr from 'hdr-histogram-js'
import type { RunClock } from '../../simulators/kernel/run-clock.ts'
import type { WireSeries } from '../result/run-result.ts'
import type { WireWatch } from './wire-watch.ts'
import { createWireSeries, type LastAnswer } from './wire-series.ts'

export interface DeliveryOnWire {
  firstAttemptWallMs: number
  attempts: number
  /** End of the exchange that was accepted. */
  acceptedWallMs?: number
  /** Its latest attempt's answer, which a retry follows. */
  last?: LastAnswer
}

export const HISTOGRAMS = ['send_latency', 'intake_to_first_attempt', 'first_attempt_to_accepted', 'attempts', 'exchange_latency', 'delivery_latency', 'open_delay', 'report_delay'] as const
export type HistogramName = (typeof HISTOGRAMS)[number]

export interface Measurements {
  readonly deliveries: ReadonlyMap<string, DeliveryOnWire>
  /** Deliveries accepted so far (the progress line reads it every second; counting the map would walk every delivery). */
  readonly accepted: number
  readonly histograms: Readonly<Record<HistogramName, hdr.Histogram>>
  /** Exchanges seen, by wire outcome and status (`answered 200`, `refused`, …). */
  readonly exchanges: Readonly<Record<string, number>>
  /** Exchanges that carried no readable tracking object. */
  readonly untracked: { count: number }
  /** Deliveries a provider accepted more than once (a retry of a push that had gone through), and exchanges the client abandoned. */
  readonly duplicates: { acceptedAgain: number; abandoned: number; abandonedMaxWallMs: number }
  /** A device report reached the dispatcher `delayMs` (virtual) after its push was accepted. */
  report(kind: 'delivered' | 'opened' | 'converted', delayMs: number): void
  /** Records what only the end of the run knows: a delivery's intake instant (wall ms). */
  intake(deliveryId: string, intakeWallMs: number): void
  /** The wire over time; `declaredSettings` is the dispatcher's /health settings (its read timeouts). */
  series(declaredSettings: unknown): WireSeries
  close(): void
}

export function startMeasurements(watch: WireWatch, clock: RunClock): Measurements {
  const histograms = Object.fromEntries(HISTOGRAMS.map((name) => [name, hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 })])) as Record<HistogramName, hdr.Histogram>
  const deliveries = new Map<string, DeliveryOnWire>()
  const exchanges: Record<string, number> = {}
  const untracked = { count: 0 }
  const duplicates = { acceptedAgain: 0, abandoned: 0, abandonedMaxWallMs: 0 }
  let accepted = 0
  const virtualMs = (fromWall: number, toWall: number) => Math.max(0, clock.virtualAt(toWall) - clock.virtualAt(fromWall))
  const record = (name: HistogramName, value: number) => histograms[name].recordValue(Math.max(0, Math.round(value)))
  const wire = createWireSeries()

  const stop = watch.onExchange(({ record: exchange, accepted: isAccepted, tracking }) => {
    const outcome = exchange.wire.kind === 'answered' || exchange.wire.kind === 'cut' ? `${exchange.wire.kind} ${exchange.status}` : exchange.wire.kind
    exchanges[outcome] = (exchanges[outcome] ?? 0) + 1
    const endWall = exchange.startedAt + exchange.durationMs
    record('exchange_latency', virtualMs(exchange.startedAt, endWall))
    wire.exchange(exchange, isAccepted, clock.virtualAt(endWall), exchange.wireAfterMs / clock.timeScale)
    if (exchange.wire.kind === 'abandoned') {
      duplicates.abandoned++
      duplicates.abandonedMaxWallMs = Math.max(duplicates.abandonedMaxWallMs, exchange.wireAfterMs)
    }
    if (tracking === undefined) {
      untracked.count++
      return
    }
    let delivery = deliveries.get(tracking.deliveryId)
    if (delivery === undefined) deliveries.set(tracking.deliveryId, (delivery = { firstAttemptWallMs: exchange.startedAt, attempts: 0 }))
    delivery.attempts++
    delivery.firstAttemptWallMs = Math.min(delivery.firstAttemptWallMs, exchange.startedAt)
    if (delivery.last !== undefined) wire.retry(exchange, delivery.last, clock.virtualAt(exchange.startedAt))
    delivery.last = wire.lastAnswer(exchange, clock.virtualAt(endWall))
    if (isAccepted && delivery.acceptedWallMs !== undefined) duplicates.acceptedAgain++
    if (isAccepted && delivery.acceptedWallMs === undefined) {
      accepted++
      delivery.acceptedWallMs = endWall
      record('first_attempt_to_accepted', virtualMs(delivery.firstAttemptWallMs, endWall))
    }
  })

  return {
    deliveries,
    get accepted() {
      return accepted
    },
    histograms,
    exchanges,
    untracked,
    duplicates,
    report(kind, delayMs) {
      record('report_delay', delayMs)
      if (kind === 'delivered') record('delivery_latency', delayMs)
      if (kind === 'opened') record('open_delay', delayMs)
    },
    intake(deliveryId, intakeWallMs) {
      const delivery = deliveries.get(deliveryId)
      if (delivery === undefined) return
      record('intake_to_first_attempt', virtualMs(intakeWallMs, delivery.firstAttemptWallMs))
      record('attempts', delivery.attempts)
      if (delivery.acceptedWallMs !== undefined) record('send_latency', virtualMs(intakeWallMs, delivery.acceptedWallMs))
    },
    series: (declaredSettings) => wire.series([...deliveries.values()].map((delivery) => delivery.attempts), declaredSettings),
    close: stop,
  }
}

/** A histogram as the run result keeps it: summary figures plus the compressed HDR encoding for re-analysis. */
export function histogramSummary(histogram: hdr.Histogram) {
  const count = histogram.totalCount
  const at = (p: number) => (count === 0 ? null : histogram.getValueAtPercentile(p))
  return {
    count,
    min: count === 0 ? null : histogram.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : Math.min(histogram.minNonZeroValue, at(0) ?? 0),
    mean: count === 0 ? null : Math.round(histogram.mean * 100) / 100,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
    max: count === 0 ? null : histogram.maxValue,
    hdr: hdr.encodeIntoCompressedBase64(histogram),
  }
}
