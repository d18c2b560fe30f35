/**
 * Open-model arrival times (k6's arrival-rate executors): when each
 * iteration starts, from the executor's start, in virtual ms. A ramp's
 * arrivals follow its linear rate exactly: the k-th arrival is where the
 * integral of the rate reaches k.
 */
import type { ExecutorPlan } from '../../scenarios/plan-types.ts'

type ArrivalExecutor = Extract<ExecutorPlan, { executor: 'constant-arrival-rate' | 'ramping-arrival-rate' }>

export function* arrivalOffsets(executor: ArrivalExecutor): Generator<number> {
  if (executor.executor === 'constant-arrival-rate') {
    const count = Math.round((executor.ratePerSecond * executor.durationMs) / 1000)
    for (let k = 0; k < count; k++) yield (k * 1000) / executor.ratePerSecond
    return
  }
  let stageStartMs = 0
  let rate = executor.startRatePerSecond
  let done = 0
  for (const stage of executor.stages) {
    const seconds = stage.durationMs / 1000
    // Arrivals in this stage as a function of t seconds into it: rate·t + slope·t²/2.
    const slope = seconds > 0 ? (stage.targetPerSecond - rate) / seconds : 0
    const inStage = rate * seconds + (slope * seconds * seconds) / 2
    const total = Math.round(done + inStage)
    for (let k = done; k < total; k++) {
      const need = k - done
      const t = slope === 0 ? (rate > 0 ? need / rate : seconds) : (-rate + Math.sqrt(Math.max(0, rate * rate + 2 * slope * need))) / slope
      yield stageStartMs + Math.min(t, seconds) * 1000
    }
    done = total
    stageStartMs += stage.durationMs
    rate = stage.targetPerSecond
  }
}
