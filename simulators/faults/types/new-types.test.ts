/** Validation and shorthand of the frame-layer types: dribble, headers-only, rst-stream after bytes, graceful goaway, connection faults. */
import { describe, expect, it } from 'vitest'
import { parseShorthand } from '../plan/shorthand.ts'
import { validatePlan } from '../plan/validate.ts'
import type { PlanProblem } from '../spec.ts'

const options = { knownCodes: () => true }
const problemsOf = (faults: unknown[]): PlanProblem[] => {
  const result = validatePlan(faults, options)
  if (result.ok) throw new Error('expected problems')
  return result.problems
}
const attributesOf = (faults: unknown[]) => {
  const result = validatePlan(faults, options)
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.faults.map((fault) => fault.attributes)
}
const parsed = (text: string): unknown => {
  const result = parseShorthand(text, 0, options)
  if (!result.ok) throw new Error(JSON.stringify(result.problems))
  return result.fault
}
const shorthandProblems = (text: string): PlanProblem[] => {
  const result = parseShorthand(text, 0, options)
  if (result.ok) throw new Error(`expected problems for ${text}`)
  return result.problems
}

describe('validatePlan: the frame-layer types', () => {
  it('decodes each with its attributes', () => {
    expect(
      attributesOf([
        { type: 'dribble', attributes: { bytesPerSecond: 400 } },
        { type: 'headers-only' },
        { type: 'headers-only', attributes: { afterBytes: 16 } },
        { type: 'rst-stream', attributes: { code: 'INTERNAL_ERROR', afterBytes: 5 } },
        { type: 'goaway', attributes: { graceful: true } },
        { type: 'window-stall' },
        { type: 'window-stall', attributes: { window: 0 } },
        { type: 'settings-no-ack', match: { provider: 'apns', connection: [1, 2] } },
        { type: 'ping-no-ack', match: { connection: { from: 2 } } },
      ]),
    ).toEqual([{ bytesPerSecond: 400 }, {}, { afterBytes: 16 }, { code: 'INTERNAL_ERROR', afterBytes: 5 }, { graceful: true }, {}, { window: 0 }, {}, {}])
  })

  it('reports each wrong attribute with its path', () => {
    expect(
      problemsOf([
        { type: 'dribble' },
        { type: 'dribble', attributes: { bytesPerSecond: 0.5 } },
        { type: 'headers-only', attributes: { afterBytes: -1, bytes: 3 } },
        { type: 'rst-stream', attributes: { code: 'CANCEL', afterBytes: 1.5 } },
        { type: 'goaway', attributes: { graceful: 'yes' } },
        { type: 'window-stall', attributes: { window: 2 ** 31 } },
        { type: 'ping-no-ack', attributes: { every: 2 } },
      ]),
    ).toEqual([
      { path: 'faults[0].attributes.bytesPerSecond', message: 'required' },
      { path: 'faults[1].attributes.bytesPerSecond', message: 'expected an integer from 1 to 9007199254740991, got 0.5' },
      { path: 'faults[2].attributes.bytes', message: 'unknown key; expected one of: afterBytes' },
      { path: 'faults[2].attributes.afterBytes', message: 'expected an integer from 0 to 9007199254740991, got -1' },
      { path: 'faults[3].attributes.afterBytes', message: 'expected an integer from 0 to 9007199254740991, got 1.5' },
      { path: 'faults[4].attributes.graceful', message: 'expected true or false, got "yes"' },
      { path: 'faults[5].attributes.window', message: 'expected an integer from 0 to 2147483647, got 2147483648' },
      { path: 'faults[6].attributes.every', message: 'unknown key; this fault type takes no attributes' },
    ])
  })

  it('refuses request fields in the match of a connection-scoped type, slow-connect included', () => {
    expect(problemsOf([{ type: 'slow-connect', match: { provider: 'fcm', target: 'tok' }, attributes: { distribution: { kind: 'fixed', ms: 1 } } }])).toEqual([
      { path: 'faults[0].match.target', message: 'slow-connect is connection-scoped: it matches on provider and connection only, decided before any request' },
    ])
  })
})

describe('parseShorthand: the frame-layer types', () => {
  it.each([
    ['fcm:dribble=400', { type: 'dribble', match: { provider: 'fcm' }, attributes: { bytesPerSecond: 400 } }],
    ['apns:headers-only', { type: 'headers-only', match: { provider: 'apns' }, attributes: {} }],
    ['*:headers-only=16', { type: 'headers-only', attributes: { afterBytes: 16 } }],
    ['apns:rst-stream=INTERNAL_ERROR:after-bytes=5', { type: 'rst-stream', match: { provider: 'apns' }, attributes: { code: 'INTERNAL_ERROR', afterBytes: 5 } }],
    ['apns:goaway=Shutdown:graceful=true:code=0', { type: 'goaway', match: { provider: 'apns' }, attributes: { reason: 'Shutdown', graceful: true, code: 0 } }],
    ['fcm:window-stall', { type: 'window-stall', match: { provider: 'fcm' }, attributes: {} }],
    ['fcm:window-stall=16', { type: 'window-stall', match: { provider: 'fcm' }, attributes: { window: 16 } }],
    ['apns:settings-no-ack:every=2', { type: 'settings-no-ack', match: { provider: 'apns' }, schedule: { kind: 'every', nth: 2 }, attributes: {} }],
    ['webpush:ping-no-ack', { type: 'ping-no-ack', match: { provider: 'webpush' }, attributes: {} }],
  ])('%s', (text, expected) => {
    expect(parsed(text)).toEqual(expected)
  })

  it('names the part of each problem', () => {
    expect(shorthandProblems('fcm:dribble:after-bytes=3')).toEqual([
      { path: '--fault[0]:dribble', message: 'needs a value, e.g. dribble=400' },
      { path: '--fault[0]:after-bytes', message: 'applies to rst-stream faults only' },
    ])
    expect(shorthandProblems('apns:goaway:graceful=maybe')).toEqual([{ path: '--fault[0]:graceful', message: 'expected true or false, got "maybe"' }])
    expect(shorthandProblems('apns:ping-no-ack=1')).toEqual([{ path: '--fault[0]:ping-no-ack', message: 'takes no value' }])
    expect(shorthandProblems('apns:window-stall:target=abc')).toEqual([
      { path: '--fault[0]:target', message: 'window-stall is connection-scoped: it matches on provider and connection only, decided before any request' },
    ])
    expect(shorthandProblems('*:code=CANCEL')).toEqual([{ path: '--fault[0]:type', message: expect.stringMatching(/^unknown fault type "code"/) }])
  })

  it('lists the type keys after the common ones', () => {
    expect(shorthandProblems('*:hang:colour=red')).toEqual([
      { path: '--fault[0]:colour', message: 'unknown key; expected one of: p, id, flavour, route, target, every, after, first, window, burst, retry-after, stage, code, after-bytes, graceful, key' },
    ])
  })
})
