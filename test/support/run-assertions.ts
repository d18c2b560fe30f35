import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import { expect } from 'vitest'
import type { RunResult } from '../../harness/result/run-result.ts'

const validateResult = new Ajv2020.default({ allErrors: true, strict: false, validateFormats: false }).compile(JSON.parse(readFileSync(new URL('../../docs/run-result.schema.json', import.meta.url), 'utf8')))

/**
 * A run settled with one of `statuses`, and nothing was lost: every planned
 * delivery is final (planned = accepted + bounced + failed + suppressed +
 * expired), the wire agrees with the dispatcher on acceptances, and devices
 * reported no more deliveries than were accepted; and the result is what
 * docs/run-result.schema.json describes.
 */
export function expectSettled(result: RunResult, statuses: RunResult['status'][] = ['passed']): void {
  validateResult(JSON.parse(JSON.stringify(result)))
  expect(validateResult.errors ?? []).toEqual([])
  expect(statuses, `${result.status}: ${result.message}\n${result.notes.join('\n')}`).toContain(result.status)
  const c = result.counters
  expect(c.planned).toBeGreaterThan(0)
  expect(c.pending + c.attempting).toBe(0)
  expect(c.accepted + c.bounced + c.failed + c.suppressed + c.expired).toBe(c.planned)
  expect(c.acceptedOnWire).toBe(c.accepted)
  // A device reports only pushes it received: each accepted delivery, and each accepted again (a resend after a kill -9 the dispatcher could not know was taken).
  expect(c.reports.delivered).toBeLessThanOrEqual(c.accepted + c.acceptedAgainOnWire)
}
