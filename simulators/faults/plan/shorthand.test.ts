import { describe, expect, it } from 'vitest'
import type { PlanProblem } from '../spec.ts'
import { parseShorthand } from './shorthand.ts'
import { validatePlan } from './validate.ts'

const CODES = new Set(['Unregistered', 'QUOTA_EXCEEDED', 'autopush:106'])
const knownCodes = (name: string) => CODES.has(name)

const parsed = (text: string): unknown => {
  const result = parseShorthand(text, 0, { knownCodes })
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.fault
}
const problems = (text: string, index = 0): PlanProblem[] => {
  const result = parseShorthand(text, index, { knownCodes })
  if (result.ok) throw new Error(`expected problems for ${text}`)
  return result.problems
}

describe('parseShorthand: the documented examples', () => {
  const examples: [string, unknown][] = [
    ['apns:error=Unregistered:p=0.05', { type: 'error', match: { provider: 'apns' }, probability: 0.05, attributes: { code: 'Unregistered' } }],
    [
      'fcm:error=QUOTA_EXCEEDED:retry-after=60:first=2',
      { type: 'error', match: { provider: 'fcm' }, schedule: { kind: 'first', attempts: 2 }, attributes: { code: 'QUOTA_EXCEEDED', retryAfterSeconds: 60 } },
    ],
    ['*:latency=lognormal(50,400)', { type: 'latency', attributes: { distribution: { kind: 'lognormal', medianMs: 50, p99Ms: 400 } } }],
    ['*:latency=fixed(200)', { type: 'latency', attributes: { distribution: { kind: 'fixed', ms: 200 } } }],
    ['apns:goaway=Shutdown:every=1000', { type: 'goaway', match: { provider: 'apns' }, schedule: { kind: 'every', nth: 1000 }, attributes: { reason: 'Shutdown' } }],
    ['webpush:hang:target=sub-123', { type: 'hang', match: { provider: 'webpush', target: 'sub-123' } }],
    [
      'fcm:rate-limit=600000/min:key=project',
      { type: 'rate-limit', match: { provider: 'fcm' }, attributes: { capacity: 600000, refillPerSecond: 10000, key: 'project' } },
    ],
    ['apns:max-streams=1', { type: 'max-streams', match: { provider: 'apns' }, attributes: { value: 1 } }],
    ['*:outage:window=10s-20s:retry-after=30', { type: 'outage', schedule: { kind: 'window', fromMs: 10000, toMs: 20000 }, attributes: { retryAfterSeconds: 30 } }],
  ]

  it.each(examples)('%s parses to the expected raw fault', (text, expected) => {
    expect(parsed(text)).toEqual({ attributes: {}, ...(expected as object) })
  })

  it('every example validates as a plan', () => {
    const result = validatePlan(
      examples.map(([text]) => parsed(text)),
      { knownCodes },
    )
    expect(result.ok && result.faults.map((f) => f.id)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9'])
  })
})

describe('parseShorthand: values and keys', () => {
  it('keeps colons inside values that are not followed by key=', () => {
    expect(parsed('webpush:error=autopush:106:target=abc:APA91b-x:p=1')).toEqual({
      type: 'error',
      match: { provider: 'webpush', target: 'abc:APA91b-x' },
      probability: 1,
      attributes: { code: 'autopush:106' },
    })
  })

  it('reads sets, patterns, flavour, route, id, stage and the other schedules', () => {
    expect(parsed('apns:latency=uniform(1s,2s):stage=body:flavour=sandbox,production:route=/^\\/3\\//:id=slow:burst=2s/8s')).toEqual({
      id: 'slow',
      type: 'latency',
      match: { provider: 'apns', flavour: ['sandbox', 'production'], route: { pattern: '^\\/3\\/' } },
      schedule: { kind: 'burst', onMs: 2000, offMs: 8000 },
      attributes: { distribution: { kind: 'uniform', minMs: 1000, maxMs: 2000 }, stage: 'body' },
    })
    expect(parsed('*:reset:after=100')).toEqual({ type: 'reset', schedule: { kind: 'after', exchanges: 100 }, attributes: {} })
    expect(parsed('*:refuse-stream:window=1m-')).toEqual({ type: 'refuse-stream', schedule: { kind: 'window', fromMs: 60000 }, attributes: {} })
  })

  it('reads distributions: bare ms, normal, pareto', () => {
    const distribution = (text: string) => (parsed(`*:slow-connect=${text}`) as { attributes: unknown }).attributes
    expect(distribution('250')).toEqual({ distribution: { kind: 'fixed', ms: 250 } })
    expect(distribution('normal(100,20)')).toEqual({ distribution: { kind: 'normal', meanMs: 100, stdDevMs: 20 } })
    expect(distribution('pareto(10,1.5)')).toEqual({ distribution: { kind: 'pareto', scaleMs: 10, shape: 1.5 } })
  })

  it('reads HTTP/2 codes as names or numbers, and rate-limit codes as catalogue names', () => {
    expect(parsed('apns:rst-stream=CANCEL')).toEqual({ type: 'rst-stream', match: { provider: 'apns' }, attributes: { code: 'CANCEL' } })
    expect(parsed('apns:rst-stream=0x8')).toEqual({ type: 'rst-stream', match: { provider: 'apns' }, attributes: { code: 8 } })
    expect(parsed('apns:goaway:code=ENHANCE_YOUR_CALM')).toEqual({ type: 'goaway', match: { provider: 'apns' }, attributes: { code: 'ENHANCE_YOUR_CALM' } })
    expect(parsed('fcm:rate-limit=10/s:key=global:code=QUOTA_EXCEEDED')).toEqual({
      type: 'rate-limit',
      match: { provider: 'fcm' },
      attributes: { capacity: 10, refillPerSecond: 10, key: 'global', code: 'QUOTA_EXCEEDED' },
    })
    expect(parsed('*:close=1024')).toEqual({ type: 'close', attributes: { afterBytes: 1024 } })
  })
})

describe('parseShorthand: problems name the offending part', () => {
  it('reports syntax problems with --fault[i]:<part> paths', () => {
    expect(problems('apns', 3)).toEqual([{ path: '--fault[3]', message: 'expected <provider|*>:<type>[=<value>][:<key>=<value>]..., got "apns"' }])
    expect(problems('gcm:teleport:p=x:colour=red')).toEqual([
      { path: '--fault[0]:provider', message: 'expected apns, fcm, webpush or *, got "gcm"' },
      { path: '--fault[0]:type', message: expect.stringMatching(/^unknown fault type "teleport"; expected one of: error, latency, /) },
      { path: '--fault[0]:p', message: 'expected a number, got "x"' },
      { path: '--fault[0]:colour', message: expect.stringMatching(/^unknown key; expected one of: p, id, flavour, /) },
    ])
  })

  it('reports missing, unexpected and misplaced values', () => {
    expect(problems('apns:error:stage=body')).toEqual([
      { path: '--fault[0]:error', message: 'needs a value, e.g. error=Unregistered' },
      { path: '--fault[0]:stage', message: 'applies to latency faults only' },
    ])
    expect(problems('*:hang=5s:every=2:first=1:p=1:p=0')).toEqual([
      { path: '--fault[0]:hang', message: 'takes no value' },
      { path: '--fault[0]:first', message: 'one schedule per fault; every is already given' },
      { path: '--fault[0]:p', message: 'given twice' },
    ])
    expect(problems('fcm:rate-limit=10')).toEqual([
      { path: '--fault[0]:rate-limit', message: 'expected <count>/<period> such as 600000/min or 10/s, got "10"' },
      { path: '--fault[0]:key', message: 'required for rate-limit, e.g. key=global|project|connection|target|topic' },
    ])
    expect(problems('*:latency=lognormal(50):window=10x-20s:burst=1s')).toEqual([
      { path: '--fault[0]:latency', message: 'lognormal takes 2 arguments, got 1' },
      { path: '--fault[0]:window', message: 'expected a duration such as 250ms, 10s, 2m or 1h, got "10x"' },
      { path: '--fault[0]:burst', message: 'one schedule per fault; window is already given' },
    ])
  })

  it('reports range problems found by validation under the part that set the value', () => {
    expect(problems('apns:error=Unregistered:p=1.5:every=0:retry-after=-1')).toEqual([
      { path: '--fault[0]:p', message: 'expected a number from 0 to 1, got 1.5' },
      { path: '--fault[0]:every', message: 'nth: expected an integer from 1 to 9007199254740991, got 0' },
      { path: '--fault[0]:retry-after', message: 'expected an integer from 0 to 2147483648, got -1' },
    ])
    expect(problems('*:latency=lognormal(400,50)')).toEqual([{ path: '--fault[0]:latency', message: 'p99Ms: must be above medianMs (400), got 50' }])
    expect(problems('apns:error=Gone:target=/([/')).toEqual([
      { path: '--fault[0]:target', message: expect.stringMatching(/^pattern: invalid regular expression: /) },
      { path: '--fault[0]:error', message: 'unknown error code "Gone"; expected a catalogue entry or alias' },
    ])
    expect(problems('apns:rst-stream=BOOM:id=a b')).toEqual([
      { path: '--fault[0]:id', message: `expected 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got "a b"` },
      { path: '--fault[0]:rst-stream', message: expect.stringMatching(/^expected one of: NO_ERROR, .*; got "BOOM"$/) },
    ])
  })

  it('accepts any error code when no catalogue check is given (validatePlan checks it later)', () => {
    expect(parseShorthand('apns:error=Gone')).toEqual({ ok: true, fault: { type: 'error', match: { provider: 'apns' }, attributes: { code: 'Gone' } } })
  })
})
