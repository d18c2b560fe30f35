import { describe, expect, it } from 'vitest'
import { manualClock } from '../../kernel/clock.ts'
import { NORMAL_CONNECTION } from '../../kernel/connection-behaviour.ts'
import { createRunClock } from '../../kernel/run-clock.ts'
import { clockScheduler, realScheduler } from '../../kernel/scheduler.ts'
import { createFaultEngine } from './engine.ts'
import type { ExchangeSubject } from './subject.ts'

const SUBJECT: ExchangeSubject = { provider: 'fcm', flavour: 'demo', route: '/v1/projects/demo/messages:send', headers: {}, connectionOrdinal: 3, target: 'tok' }

function engineWith(faults: unknown[], seed = 'engine') {
  const clock = manualClock()
  const engine = createFaultEngine({ seed, clock, scheduler: realScheduler(), knownCode: () => true })
  const added = engine.add(faults)
  if (!added.ok) throw new Error(added.error.message)
  return { engine, clock }
}

describe('FaultEngine.connectionFaults', () => {
  it('is NORMAL_CONNECTION when no fault is connection-scoped or none applies', () => {
    expect(engineWith([]).engine.connectionFaults('apns', 1)).toBe(NORMAL_CONNECTION)
    expect(engineWith([{ type: 'hang' }]).engine.connectionFaults('apns', 1)).toBe(NORMAL_CONNECTION)
    expect(engineWith([{ type: 'ping-no-ack', match: { provider: 'fcm' } }]).engine.connectionFaults('apns', 1)).toBe(NORMAL_CONNECTION)
  })

  it('gathers every connection fault that applies into one behaviour, naming each', () => {
    const { engine } = engineWith([
      { id: 'slow', type: 'slow-connect', attributes: { distribution: { kind: 'fixed', ms: 250 } } },
      { id: 'stall', type: 'window-stall' },
      { id: 'settings', type: 'settings-no-ack' },
      { id: 'ping', type: 'ping-no-ack' },
    ])
    expect(engine.connectionFaults('webpush', 1)).toEqual({
      acceptDelayMs: 250,
      http2: { stallWindow: 65_535, ignoreSettings: true, ignorePings: true },
      faultIds: ['slow', 'stall', 'settings', 'ping'],
    })
  })

  it('window-stall takes its window; of two stalls, the smaller window', () => {
    const { engine } = engineWith([
      { type: 'window-stall', attributes: { window: 1024 } },
      { type: 'window-stall', attributes: { window: 0 } },
    ])
    expect(engine.connectionFaults('fcm', 1).http2).toEqual({ stallWindow: 0 })
  })

  it('matches on provider and connection ordinal', () => {
    const { engine } = engineWith([{ id: 'late', type: 'settings-no-ack', match: { provider: ['apns', 'fcm'], connection: { from: 3 } } }])
    expect(engine.connectionFaults('apns', 2)).toBe(NORMAL_CONNECTION)
    expect(engine.connectionFaults('apns', 3).faultIds).toEqual(['late'])
    expect(engine.connectionFaults('webpush', 3)).toBe(NORMAL_CONNECTION)
  })

  it('counts connections for its schedule', () => {
    const { engine } = engineWith([{ type: 'ping-no-ack', schedule: { kind: 'every', nth: 2 } }])
    expect([1, 2, 3, 4].map((ordinal) => engine.connectionFaults('apns', ordinal).http2.ignorePings ?? false)).toEqual([false, true, false, true])
  })

  it("draws from each fault's own seeded stream: the same seed gives the same delays, and another fault does not shift them", () => {
    const slow = { id: 'slow', type: 'slow-connect', probability: 0.5, attributes: { distribution: { kind: 'uniform', minMs: 0, maxMs: 1000 } } }
    const delays = (faults: unknown[]) => {
      const { engine } = engineWith(faults, 'seed-1')
      return Array.from({ length: 20 }, (_, i) => engine.connectionFaults('apns', i + 1).acceptDelayMs)
    }
    const alone = delays([slow])
    expect(alone.some((ms) => ms === 0)).toBe(true)
    expect(alone.some((ms) => ms > 0)).toBe(true)
    expect(delays([slow])).toEqual(alone)
    expect(delays([{ id: 'other', type: 'slow-connect', probability: 0.5, attributes: { distribution: { kind: 'fixed', ms: 0 } } }, slow])).toEqual(alone)
  })

  it('is never decided per exchange, and alone leaves hasExchangeFaults false', () => {
    const { engine } = engineWith([{ type: 'slow-connect', attributes: { distribution: { kind: 'fixed', ms: 5 } } }, { type: 'window-stall' }, { type: 'settings-no-ack' }, { type: 'ping-no-ack' }])
    expect(engine.hasExchangeFaults).toBe(false)
    expect(engine.decide(SUBJECT).applied).toEqual([])
    engine.add({ type: 'hang' })
    expect(engine.hasExchangeFaults).toBe(true)
    engine.clear()
    expect(engine.hasExchangeFaults).toBe(false)
    expect(engine.connectionFaults('apns', 1)).toBe(NORMAL_CONNECTION)
  })

  it('refuses match fields a connection does not have yet, naming each', () => {
    const { engine } = engineWith([])
    const result = engine.add({ type: 'window-stall', match: { provider: 'apns', target: 'x', route: '/3/device/x', headers: { a: 'b' }, flavour: 'sandbox' } })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect((result.error.details as { problems: unknown }).problems).toEqual([
      { path: 'faults[0].match.target', message: 'window-stall is connection-scoped: it matches on provider and connection only, decided before any request' },
      { path: 'faults[0].match.route', message: 'window-stall is connection-scoped: it matches on provider and connection only, decided before any request' },
      { path: 'faults[0].match.headers', message: 'window-stall is connection-scoped: it matches on provider and connection only, decided before any request' },
      { path: 'faults[0].match.flavour', message: 'window-stall is connection-scoped: it matches on provider and connection only, decided before any request' },
    ])
  })
})

describe('FaultEngine.decide', () => {
  it('draws latency from the fault stream, in list order, and the same seed decides the same way', () => {
    const faults = [
      { id: 'p', type: 'hang', probability: 0.3 },
      { id: 'l', type: 'latency', attributes: { distribution: { kind: 'lognormal', medianMs: 50, p99Ms: 400 } } },
    ]
    const decisions = () => {
      const { engine } = engineWith(faults, 'same')
      return Array.from({ length: 10 }, () => engine.decide(SUBJECT).applied.map((fault) => [fault.id, fault.drawn]))
    }
    const first = decisions()
    expect(decisions()).toEqual(first)
    expect(first.every((applied) => applied.some(([id, drawn]) => id === 'l' && typeof drawn === 'number' && drawn > 0))).toBe(true)
  })

  it('skips a rate limit with tokens left, then applies it with the retry-after in virtual ms', () => {
    const { engine, clock } = engineWith([{ type: 'rate-limit', attributes: { key: 'project', capacity: 1, refillPerSecond: 1 } }], 'rl')
    expect(engine.decide(SUBJECT).applied).toEqual([])
    expect(engine.decide(SUBJECT).applied[0]!.drawn).toEqual({ retryAfterMs: 1000 })
    // Another project has its own bucket.
    expect(engine.decide({ ...SUBJECT, flavour: 'other' }).applied).toEqual([])
    clock.advance(999)
    expect(engine.decide(SUBJECT).applied).toHaveLength(1)
    clock.advance(1)
    expect(engine.decide(SUBJECT).applied).toEqual([])
  })
})

describe('FaultEngine on a run clock', () => {
  /** A run clock at scale 0.01 over a manual wall, and an engine on it. */
  function onRunClock(faults: unknown[]) {
    const wall = manualClock()
    const clock = createRunClock({ wall: wall.now, timeScale: 0.01 })
    const engine = createFaultEngine({ seed: 'run', clock, scheduler: clockScheduler(clock), knownCode: () => true })
    const added = engine.add(faults)
    if (!added.ok) throw new Error(added.error.message)
    engine.markStart()
    return { engine, wall, clock }
  }

  it('counts windows in virtual ms: 600 wall ms at 0.01 opens a 1-minute window, a jump of a day closes it', () => {
    const { engine, wall, clock } = onRunClock([{ id: 'w', type: 'hang', schedule: { kind: 'window', fromMs: 60_000, toMs: 120_000 } }])
    expect(engine.decide(SUBJECT).applied).toEqual([])
    wall.advance(600)
    expect(engine.decide(SUBJECT).applied.map((fault) => fault.id)).toEqual(['w'])
    expect(clock.set({ now: clock.now() + 86_400_000 }).ok).toBe(true)
    expect(engine.decide(SUBJECT).applied).toEqual([])
  })

  it('jumps into a window that had not opened yet', () => {
    const { engine, clock } = onRunClock([{ id: 'w', type: 'hang', schedule: { kind: 'window', fromMs: 3_600_000, toMs: 7_200_000 } }])
    expect(engine.decide(SUBJECT).applied).toEqual([])
    clock.set({ now: clock.now() + 5_400_000 })
    expect(engine.decide(SUBJECT).applied.map((fault) => fault.id)).toEqual(['w'])
  })

  it('refills a rate limit per virtual second, and reports the clock’s current scale', () => {
    const { engine, wall, clock } = onRunClock([{ type: 'rate-limit', attributes: { key: 'global', capacity: 1, refillPerSecond: 1 } }])
    expect(engine.timeScale).toBe(0.01)
    expect(engine.decide(SUBJECT).applied).toEqual([])
    expect(engine.decide(SUBJECT).applied[0]!.drawn).toEqual({ retryAfterMs: 1000 })
    // 10 wall ms at 0.01 is the virtual second the bucket waits for.
    wall.advance(10)
    expect(engine.decide(SUBJECT).applied).toEqual([])
    clock.set({ timeScale: 0.5 })
    expect(engine.timeScale).toBe(0.5)
  })
})

describe('a window that has already ended', () => {
  it('is refused with the reason instead of being accepted and never firing; one still ahead is taken', () => {
    const { engine, clock } = engineWith([])
    clock.advance(10_000)
    const late = engine.add([{ type: 'outage', schedule: { kind: 'window', fromMs: 1_000, toMs: 5_000 } }])
    expect(late.ok).toBe(false)
    if (!late.ok) {
      expect(late.error.code).toBe('INVALID_ARGUMENT')
      expect(late.error.message).toContain('[0].schedule: the window ends 5000 ms after the simulators started, and 10000 ms have passed: it would never fire')
    }
    expect(engine.list()).toEqual([])
    expect(engine.add([{ type: 'outage', schedule: { kind: 'window', fromMs: 1_000, toMs: 20_000 } }]).ok).toBe(true)
  })
})
