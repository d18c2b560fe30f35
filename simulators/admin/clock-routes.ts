import type { ClockChange } from '../kernel/run-clock.ts'
import type { AdminClock } from './dependencies.ts'
import type { FieldReader } from './fields.ts'
import { fromResult, ok, type Route } from './router.ts'

// An instant with its zone: a bare date or local time would depend on the caller's machine.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** The run's virtual clock: read it, jump it forward, change its scale. */
export function clockRoutes(clock: AdminClock): Route[] {
  return [
    { method: 'GET', path: '/clock', describe: "The run clock: virtual now (epoch ms and ISO), time scale, and every segment since start.", handle: () => ok(clock.state()) },
    {
      method: 'PUT',
      path: '/clock',
      describe: 'Jump the run clock forward ({now: ISO or epoch ms}) and/or change its scale ({timeScale: 0 < s ≤ 1}); answers the new state. Never backwards.',
      accepts: { body: 'fields' },
      handle: ({ fields }) => {
        const read = fields.done(readChange(fields))
        // The clock checks direction and range itself, naming every problem at once.
        return read.ok ? fromResult(clock.set(read.value)) : { error: read.error }
      },
    },
  ]
}

function readChange(fields: FieldReader): ClockChange {
  const change: ClockChange = {}
  const now = fields.any('now')
  if (typeof now === 'number' && Number.isFinite(now)) change.now = now
  else if (typeof now === 'string' && INSTANT.test(now) && Number.isFinite(Date.parse(now))) change.now = Date.parse(now)
  else if (now !== undefined) fields.problem('now', 'expected an ISO 8601 instant with a zone (2026-03-02T09:00:00Z) or epoch ms')
  const timeScale = fields.number('timeScale')
  if (timeScale !== undefined) change.timeScale = timeScale
  return change
}
