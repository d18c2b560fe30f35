import { spawnSync } from 'node:child_process'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { AttemptOutcome } from './store.ts'
import { acceptedOutcome, planOne, tempDatabase, type TempDatabase } from './testing/fixtures.ts'

// Issue 4 §1: every state change is committed before it is acted on, so a dispatcher killed at any
// moment resumes without losing a delivery or counting one twice, and a retry reuses the providerId.

let db: TempDatabase
beforeEach(() => {
  db = tempDatabase()
})
afterEach(() => db.remove())

type Step = { claim: { now: number; limit: number } } | { record: AttemptOutcome }

/** Runs the steps in a child process on the same database, then kill -9s it mid-flight. */
function runThenKill(path: string, steps: Step[]): void {
  const storeModule = new URL('./sqlite-store.ts', import.meta.url).pathname
  const script = `
    const { openStore } = await import(${JSON.stringify(storeModule)})
    const store = openStore(${JSON.stringify(path)})
    for (const step of ${JSON.stringify(steps)}) {
      if ('claim' in step) store.claimDue(step.claim.now, step.claim.limit)
      else store.recordAttempt(step.record)
    }
    process.kill(process.pid, 'SIGKILL')`
  const child = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { encoding: 'utf8' })
  expect(child.stderr).toBe('')
  expect(child.signal).toBe('SIGKILL')
}

it('a delivery claimed by a process killed mid-attempt is pending again, its attempt counted once', () => {
  const setup = db.open()
  const id = planOne(setup, { campaign: 'c', person: 'p', deliveryOverrides: { notBefore: 800 } }).deliveries[0]!.id
  setup.close()
  runThenKill(db.path, [{ claim: { now: 1_000, limit: 10 } }])

  const restarted = db.open()
  expect(restarted.getDelivery(id)).toMatchObject({ state: 'pending', attempts: 1, notBefore: 800, providerId: 'provider-del-c-p' })
  expect(restarted.attemptsOf(id)).toStrictEqual([
    { deliveryId: id, number: 1, startedAt: 1_000, finishedAt: null, status: null, code: 'interrupted', errorClass: null, retryAfterMs: null },
  ])
  const [again] = restarted.claimDue(1_500, 10)
  expect([again?.delivery.attempts, again?.delivery.providerId]).toEqual([2, 'provider-del-c-p'])
  restarted.recordAttempt(acceptedOutcome(id, 2, 1_600))
  expect(restarted.attemptsOf(id).map((a) => [a.number, a.code])).toEqual([[1, 'interrupted'], [2, 'accepted']])
})

it('an outcome committed before the kill stays: accepted once, the device sent, nothing to redo', () => {
  const setup = db.open()
  const id = planOne(setup, { campaign: 'c', person: 'p' }).deliveries[0]!.id
  setup.close()
  runThenKill(db.path, [{ claim: { now: 1_000, limit: 10 } }, { record: acceptedOutcome(id, 1, 1_050) }])

  const restarted = db.open()
  expect(restarted.getDelivery(id)).toMatchObject({ state: 'accepted', attempts: 1, acceptedAt: 1_050 })
  expect(restarted.getDevice('dev-p')?.lastStatus).toBe('sent')
  expect(restarted.claimDue(10_000, 10)).toEqual([])
  expect(restarted.countByState('c')).toMatchObject({ accepted: 1, pending: 0, attempting: 0 })
})

it('a clean close with a claim outstanding recovers the same way at the next open', () => {
  const first = db.open()
  const id = planOne(first, { campaign: 'c', person: 'p' }).deliveries[0]!.id
  first.claimDue(1_000, 1)
  first.close()
  const second = db.open()
  expect(second.getDelivery(id)).toMatchObject({ state: 'pending', attempts: 1, notBefore: 1_000 })
  expect(second.nextDueAt()).toBe(1_000)
})

it('the database file is in WAL mode (persistent, seen by another connection)', () => {
  db.open()
  const raw = new DatabaseSync(db.path)
  try {
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
  } finally {
    raw.close()
  }
})
