import { describe, expect, it } from 'vitest'
import type { PlanProblem } from '../spec.ts'
import { validatePlan } from './validate.ts'

const CODES = new Set(['Unregistered', 'BadDeviceToken', 'QUOTA_EXCEEDED', 'UNAVAILABLE', 'TooManyRequests', 'InternalServerError'])
const options = { knownCodes: (name: string) => CODES.has(name) }
const problemsOf = (input: unknown): PlanProblem[] => {
  const result = validatePlan(input, options)
  if (result.ok) throw new Error('expected problems')
  return result.problems
}
const faultsOf = (input: unknown) => {
  const result = validatePlan(input, options)
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.faults
}

describe('validatePlan', () => {
  it('reports every problem of a plan at once, each with its path', () => {
    const plan = {
      seed: '',
      faults: [
        { type: 'error', probability: 1.5, attributes: { code: 'NoSuchReason', retryAfter: 30 } },
        { type: 'latency', attributes: { distribution: { kind: 'lognormal', medianMs: 50, p99Ms: 40 } } },
        { type: 'rate-limit', match: { target: { pattern: '([' } }, attributes: { key: 'device', capacity: 0, refillPerSecond: 10 } },
        { type: 'teleport', schedule: { kind: 'every', nth: 0 } },
        { type: 'rst-stream', color: 'red', attributes: { code: 'NOT_AN_ERROR' } },
        { id: 'x', type: 'hang' },
        { id: 'x', type: 'latency', attributes: { distribution: { kind: 'uniform', minMs: 300, maxMs: 100 } } },
      ],
    }
    expect(problemsOf(plan)).toEqual([
      { path: 'seed', message: 'expected a non-empty string or an integer, got ""' },
      { path: 'faults[0].probability', message: 'expected a number from 0 to 1, got 1.5' },
      { path: 'faults[0].attributes.retryAfter', message: 'unknown key; expected one of: code, retryAfterSeconds' },
      { path: 'faults[0].attributes.code', message: 'unknown error code "NoSuchReason"; expected a catalogue entry or alias' },
      { path: 'faults[1].attributes.distribution.p99Ms', message: 'must be above medianMs (50), got 40' },
      { path: 'faults[2].match.target.pattern', message: expect.stringMatching(/^invalid regular expression: /) },
      { path: 'faults[2].attributes.key', message: 'expected one of: global, project, connection, target, topic; got "device"' },
      { path: 'faults[2].attributes.capacity', message: 'expected an integer from 1 to 9007199254740991, got 0' },
      { path: 'faults[3].type', message: expect.stringMatching(/^expected one of: error, latency, hang, .*; got "teleport"$/) },
      { path: 'faults[3].schedule.nth', message: 'expected an integer from 1 to 9007199254740991, got 0' },
      { path: 'faults[4].color', message: 'unknown key; expected one of: id, type, match, probability, schedule, attributes' },
      { path: 'faults[4].attributes.code', message: expect.stringMatching(/^expected one of: NO_ERROR, PROTOCOL_ERROR, .*; got "NOT_AN_ERROR"$/) },
      { path: 'faults[6].attributes.distribution.maxMs', message: 'must be >= minMs (300), got 100' },
      { path: 'faults[6].id', message: 'duplicate id "x", also at faults[5].id' },
    ])
  })

  it('applies the defaults (probability 1, schedule always, stage headers) and assigns positional ids', () => {
    expect(faultsOf([{ type: 'latency', attributes: { distribution: { kind: 'fixed', ms: 200 } } }, { type: 'hang' }])).toEqual([
      { id: 'f1', type: 'latency', probability: 1, schedule: { kind: 'always' }, attributes: { distribution: { kind: 'fixed', ms: 200 }, stage: 'headers' } },
      { id: 'f2', type: 'hang', probability: 1, schedule: { kind: 'always' }, attributes: {} },
    ])
  })

  it('keeps given ids and skips an fN another fault took', () => {
    const ids = faultsOf([{ type: 'hang' }, { id: 'f1', type: 'reset' }, { type: 'hang' }, { id: 'mine', type: 'reset' }]).map((f) => f.id)
    expect(ids).toEqual(['f5', 'f1', 'f3', 'mine'])
  })

  it('is idempotent: a decoded plan validates to itself', () => {
    const once = faultsOf([{ type: 'error', match: { provider: 'apns' }, attributes: { code: 'Unregistered' } }, { type: 'hang' }])
    expect(faultsOf(once)).toEqual(once)
  })

  it('never mutates the input and shares no objects with it', () => {
    const input = [{ type: 'error', match: { target: ['a', 'b'] }, attributes: { code: 'Unregistered' } }]
    const snapshot = structuredClone(input)
    const [fault] = faultsOf(input)
    expect(input).toEqual(snapshot)
    expect(fault!.match!.target).not.toBe(input[0]!.match.target)
  })

  it('accepts { faults, seed, timeScale } and returns seed and time scale', () => {
    const result = validatePlan({ faults: [], seed: 42, timeScale: 0.1 }, options)
    expect(result).toEqual({ ok: true, faults: [], seed: '42', timeScale: 0.1 })
    expect(validatePlan({ faults: [], seed: 'abc' }, options)).toEqual({ ok: true, faults: [], seed: 'abc' })
  })

  it('rejects a plan that is neither an array nor an object with faults', () => {
    expect(problemsOf('faults')).toEqual([{ path: '', message: 'expected an array of faults or { faults, seed?, timeScale? }, got "faults"' }])
    expect(problemsOf(null)).toEqual([{ path: '', message: 'expected an array of faults or { faults, seed?, timeScale? }, got null' }])
    expect(problemsOf({ timeScale: 0, fault: [] })).toEqual([
      { path: 'fault', message: 'unknown key; expected one of: faults, seed, timeScale' },
      { path: 'timeScale', message: 'expected a number above 0, got 0' },
      { path: 'faults', message: 'required' },
    ])
    expect(problemsOf({ faults: {} })).toEqual([{ path: 'faults', message: 'expected an array, got {}' }])
    expect(problemsOf([42])).toEqual([{ path: 'faults[0]', message: 'expected a fault object, got 42' }])
  })

  it('checks ids: letters, digits, dot, underscore and dash', () => {
    expect(problemsOf([{ id: 'a/b', type: 'hang' }])).toEqual([
      { path: 'faults[0].id', message: `expected 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got "a/b"` },
    ])
  })

  it('requires the attributes of each type and reports them under attributes', () => {
    expect(problemsOf([{ type: 'error' }, { type: 'latency' }, { type: 'rate-limit', attributes: {} }, { type: 'hang', attributes: { x: 1 } }])).toEqual([
      { path: 'faults[0].attributes.code', message: 'required' },
      { path: 'faults[1].attributes.distribution', message: 'required' },
      { path: 'faults[2].attributes.key', message: 'required' },
      { path: 'faults[2].attributes.capacity', message: 'required' },
      { path: 'faults[2].attributes.refillPerSecond', message: 'required' },
      { path: 'faults[3].attributes.x', message: 'unknown key; this fault type takes no attributes' },
    ])
  })
})

describe('validatePlan, field by field', () => {
  const one = (fault: Record<string, unknown>) => problemsOf([fault])

  it('checks match fields: providers, string matches, lower-case headers, connections', () => {
    expect(
      one({
        type: 'hang',
        match: {
          provider: ['apns', 'mpns'],
          flavour: [],
          route: [1],
          target: { pattern: 'a', flags: 'i' },
          headers: { 'Apns-Topic': 'x', 'apns-id': 5 },
          connection: { from: 3, to: 2 },
          method: 'POST',
        },
      }),
    ).toEqual([
      { path: 'faults[0].match.method', message: 'unknown key; expected one of: provider, flavour, route, target, headers, connection' },
      { path: 'faults[0].match.provider[1]', message: 'expected one of: apns, fcm, webpush; got "mpns"' },
      { path: 'faults[0].match.flavour', message: 'expected a string, a non-empty array of strings or { pattern }, got []' },
      { path: 'faults[0].match.route[0]', message: 'expected a string, got 1' },
      { path: 'faults[0].match.target.flags', message: 'unknown key; expected one of: pattern' },
      { path: 'faults[0].match.headers.Apns-Topic', message: 'header names are written in lower case' },
      { path: 'faults[0].match.headers.apns-id', message: 'expected a string, a non-empty array of strings or { pattern }, got 5' },
      { path: 'faults[0].match.connection.to', message: 'must be >= from (3), got 2' },
    ])
    expect(one({ type: 'hang', match: { connection: [0] } })).toEqual([{ path: 'faults[0].match.connection[0]', message: 'expected an integer from 1 to 9007199254740991, got 0' }])
    expect(one({ type: 'hang', match: { connection: {} } })).toEqual([{ path: 'faults[0].match.connection', message: 'give from, to or both' }])
  })

  it('checks schedules of each kind', () => {
    const schedule = (s: unknown) => one({ type: 'hang', schedule: s })
    expect(schedule({ kind: 'window', fromMs: 20, toMs: 10 })).toEqual([{ path: 'faults[0].schedule.toMs', message: 'must be above fromMs (20), got 10' }])
    expect(schedule({ kind: 'window', fromMs: -1 })).toEqual([{ path: 'faults[0].schedule.fromMs', message: 'expected a number from 0 to 2147483647, got -1' }])
    expect(schedule({ kind: 'after', exchanges: 1.5 })).toEqual([{ path: 'faults[0].schedule.exchanges', message: 'expected an integer from 0 to 9007199254740991, got 1.5' }])
    expect(schedule({ kind: 'every', nth: 2, offset: -1 })).toEqual([{ path: 'faults[0].schedule.offset', message: 'expected an integer from 0 to 9007199254740991, got -1' }])
    expect(schedule({ kind: 'first', attempts: 0 })).toEqual([{ path: 'faults[0].schedule.attempts', message: 'expected an integer from 1 to 9007199254740991, got 0' }])
    expect(schedule({ kind: 'burst', onMs: 0, offMs: Infinity })).toEqual([
      { path: 'faults[0].schedule.onMs', message: 'expected a number above 0 and <= 2147483647, got 0' },
      { path: 'faults[0].schedule.offMs', message: 'expected a number above 0 and <= 2147483647, got Infinity' },
    ])
    expect(schedule({ kind: 'sometimes' })).toEqual([
      { path: 'faults[0].schedule.kind', message: 'expected one of: always, window, after, every, first, burst; got "sometimes"' },
    ])
    expect(schedule({ kind: 'always', nth: 2 })).toEqual([{ path: 'faults[0].schedule.nth', message: 'unknown key; expected one of: kind' }])
  })

  it('checks distributions of each kind', () => {
    const latency = (distribution: unknown) => one({ type: 'latency', attributes: { distribution } })
    expect(latency({ kind: 'fixed', ms: NaN })).toEqual([{ path: 'faults[0].attributes.distribution.ms', message: 'expected a number from 0 to 2147483647, got NaN' }])
    expect(latency({ kind: 'normal', meanMs: 10, stdDevMs: -1 })).toEqual([
      { path: 'faults[0].attributes.distribution.stdDevMs', message: 'expected a number from 0 to 2147483647, got -1' },
    ])
    expect(latency({ kind: 'lognormal', medianMs: 0, p99Ms: 10 })).toEqual([
      { path: 'faults[0].attributes.distribution.medianMs', message: 'expected a number above 0 and <= 2147483647, got 0' },
    ])
    expect(latency({ kind: 'pareto', scaleMs: 10, shape: 0 })).toEqual([{ path: 'faults[0].attributes.distribution.shape', message: 'expected a number above 0, got 0' }])
    expect(latency({ kind: 'fixed', ms: 1, medianMs: 2 })).toEqual([
      { path: 'faults[0].attributes.distribution.medianMs', message: 'unknown key; expected one of: kind, ms' },
    ])
  })

  it('checks the attributes of each type', () => {
    expect(one({ type: 'latency', attributes: { distribution: { kind: 'fixed', ms: 1 }, stage: 'trailers' } })).toEqual([
      { path: 'faults[0].attributes.stage', message: 'expected one of: headers, body; got "trailers"' },
    ])
    expect(one({ type: 'error', attributes: { code: 'Unregistered', retryAfterSeconds: -5 } })).toEqual([
      { path: 'faults[0].attributes.retryAfterSeconds', message: 'expected an integer from 0 to 2147483648, got -5' },
    ])
    expect(one({ type: 'close', attributes: { afterBytes: 1.5 } })).toEqual([
      { path: 'faults[0].attributes.afterBytes', message: 'expected an integer from 0 to 9007199254740991, got 1.5' },
    ])
    expect(one({ type: 'rst-stream', attributes: { code: 14 } })).toEqual([{ path: 'faults[0].attributes.code', message: 'expected an integer from 0 to 13, got 14' }])
    expect(one({ type: 'goaway', attributes: { lastStreamId: 2 ** 31, reason: '' } })).toEqual([
      { path: 'faults[0].attributes.lastStreamId', message: 'expected an integer from 0 to 2147483647, got 2147483648' },
      { path: 'faults[0].attributes.reason', message: 'expected a non-empty string, got ""' },
    ])
    expect(one({ type: 'max-streams', attributes: { value: -1 } })).toEqual([
      { path: 'faults[0].attributes.value', message: 'expected an integer from 0 to 4294967295, got -1' },
    ])
    expect(one({ type: 'outage', attributes: { form: 'down' } })).toEqual([{ path: 'faults[0].attributes.form', message: 'expected one of: unavailable, shutdown; got "down"' }])
    expect(one({ type: 'slow-connect', attributes: {} })).toEqual([{ path: 'faults[0].attributes.distribution', message: 'required' }])
    expect(one({ type: 'rate-limit', attributes: { key: 'global', capacity: 10, refillPerSecond: 0, code: 'Nope' } })).toEqual([
      { path: 'faults[0].attributes.refillPerSecond', message: 'expected a number above 0 and <= 9007199254740991, got 0' },
      { path: 'faults[0].attributes.code', message: 'unknown error code "Nope"; expected a catalogue entry or alias' },
    ])
    expect(one({ type: 'error', attributes: 'Unregistered' })).toEqual([{ path: 'faults[0].attributes', message: 'expected an object, got "Unregistered"' }])
  })

  it('accepts HTTP/2 error names or numbers 0..0xd for rst-stream and goaway codes', () => {
    const decoded = faultsOf([
      { type: 'rst-stream', attributes: { code: 'REFUSED_STREAM' } },
      { type: 'rst-stream', attributes: { code: 0xd } },
      { type: 'goaway', attributes: { code: 'ENHANCE_YOUR_CALM', lastStreamId: 0, reason: 'Shutdown' } },
      { type: 'goaway' },
    ])
    expect(decoded.map((f) => f.attributes)).toEqual([{ code: 'REFUSED_STREAM' }, { code: 13 }, { code: 'ENHANCE_YOUR_CALM', lastStreamId: 0, reason: 'Shutdown' }, {}])
  })

  it('decodes a full fault of every type', () => {
    const decoded = faultsOf([
      { id: 'slow', type: 'slow-connect', probability: 0.5, attributes: { distribution: { kind: 'pareto', scaleMs: 5, shape: 1.2 } } },
      { type: 'rate-limit', match: { provider: 'fcm', flavour: { pattern: '^demo-' } }, attributes: { key: 'project', capacity: 600000, refillPerSecond: 10000, code: 'QUOTA_EXCEEDED', retryAfterSeconds: 60 } },
      { type: 'outage', schedule: { kind: 'window', fromMs: 10000, toMs: 20000 }, attributes: { retryAfterSeconds: 30, form: 'shutdown' } },
      { type: 'max-streams', match: { connection: { from: 2 } }, attributes: { value: 1 } },
      { type: 'close', attributes: { afterBytes: 0 } },
      { type: 'refuse-stream', schedule: { kind: 'every', nth: 10, offset: 3 } },
      { type: 'reset', match: { headers: { 'apns-push-type': ['alert', 'background'] } } },
    ])
    expect(decoded).toEqual([
      { id: 'slow', type: 'slow-connect', probability: 0.5, schedule: { kind: 'always' }, attributes: { distribution: { kind: 'pareto', scaleMs: 5, shape: 1.2 } } },
      {
        id: 'f2',
        type: 'rate-limit',
        match: { provider: 'fcm', flavour: { pattern: '^demo-' } },
        probability: 1,
        schedule: { kind: 'always' },
        attributes: { key: 'project', capacity: 600000, refillPerSecond: 10000, code: 'QUOTA_EXCEEDED', retryAfterSeconds: 60 },
      },
      { id: 'f3', type: 'outage', probability: 1, schedule: { kind: 'window', fromMs: 10000, toMs: 20000 }, attributes: { retryAfterSeconds: 30, form: 'shutdown' } },
      { id: 'f4', type: 'max-streams', match: { connection: { from: 2 } }, probability: 1, schedule: { kind: 'always' }, attributes: { value: 1 } },
      { id: 'f5', type: 'close', probability: 1, schedule: { kind: 'always' }, attributes: { afterBytes: 0 } },
      { id: 'f6', type: 'refuse-stream', probability: 1, schedule: { kind: 'every', nth: 10, offset: 3 }, attributes: {} },
      { id: 'f7', type: 'reset', match: { headers: { 'apns-push-type': ['alert', 'background'] } }, probability: 1, schedule: { kind: 'always' }, attributes: {} },
    ])
  })

  it('refuses an answer the matched provider has no wire form for, which would never fire', () => {
    const plan = [
      { type: 'error', match: { provider: 'webpush' }, attributes: { code: 'InternalServerError' } },
      { type: 'error', match: { provider: ['apns', 'fcm'] }, attributes: { code: 'Unregistered' } },
      { type: 'error', match: { provider: 'apns' }, attributes: { code: 'InternalServerError' } },
      { type: 'error', attributes: { code: 'InternalServerError' } },
    ]
    expect(problemsOf(plan)).toEqual([
      { path: 'faults[0].attributes.code', message: '"InternalServerError" has no wire form on webpush: only apns answers with it (pushsim errors --provider webpush lists what webpush can answer)' },
      { path: 'faults[1].attributes.code', message: expect.stringMatching(/^"Unregistered" has no wire form on fcm: only apns/) },
    ])
  })
})
