import { minuteOfDay, nextOccurrenceOf, wallTimeOf, type ClockTime } from './local-time.ts'
import { nextRecurringStart } from './recurring.ts'
import type { ParsedTimingRules } from './rule-validation.ts'
import { DELIVERY_CODE } from './plan-codes.ts'

/** When a delivery may go, or why it never will. */
export type TimingDecision =
  | { state: 'pending'; notBefore: number; expiresAt: number | null }
  | { state: 'expired'; notBefore: number; expiresAt: number }
  | { state: 'suppressed'; code: string; notBefore: number; expiresAt: number | null }

const minutesOf = (clock: ClockTime): number => clock.hour * 60 + clock.minute

/**
 * Whether the person's wall clock at an instant is inside [start, end). A window whose start is after
 * its end wraps midnight (21:00–09:00). (interpretation) start = end is an empty window.
 */
export function isInWindow(epochMs: number, start: ClockTime, end: ClockTime, timeZone: string): boolean {
  const now = minuteOfDay(wallTimeOf(epochMs, timeZone))
  const from = minutesOf(start)
  const to = minutesOf(end)
  if (from < to) return now >= from && now < to
  if (from > to) return now >= from || now < to
  return false
}

/**
 * §9 timing rules for a campaign sent at `now`, in the person's timezone:
 * 0. recurring day D: the campaign starts on the next local day D (today if it is D), never earlier;
 *    (interpretation) its TTL counts from that start, as a campaign sent that day would;
 * 1. local time: the next occurrence of that wall time at or after now — today if it has not passed,
 *    else tomorrow (interpretation: a late person still gets it at the local time asked for, never off-hours);
 * 2. DND at that moment: discard → suppressed `dnd_discarded`; delay → the next end of the window;
 * 3. cut-off: a send moment after `cutoffAt` → suppressed `cutoff_passed` (at cutoffAt itself is allowed);
 * 4. TTL: expiresAt = now + ttl; a send moment ≥ expiresAt → expired (the deliverable interval is
 *    [now, expiresAt), so ttlSeconds 0 expires every delivery at plan time).
 * A pending delivery's expiresAt is also capped at the cut-off: §10 allows no attempt after either,
 * retries included, and the claim and the expiry sweep read expiresAt alone.
 */
export function decideTiming(timing: ParsedTimingRules, now: number, timeZone: string): TimingDecision {
  const startsAt = timing.recurringDay === undefined ? now : (nextRecurringStart(timing.recurringDay, now, timeZone) ?? now)
  const expiresAt = timing.ttlSeconds === undefined ? null : startsAt + timing.ttlSeconds * 1000
  let sendAt = timing.localTime ? nextOccurrenceOf(timing.localTime, startsAt, timeZone) : startsAt
  if (timing.dnd && isInWindow(sendAt, timing.dnd.start, timing.dnd.end, timeZone)) {
    if (timing.dnd.mode === 'discard') return { state: 'suppressed', code: DELIVERY_CODE.dndDiscarded, notBefore: sendAt, expiresAt }
    sendAt = nextOccurrenceOf(timing.dnd.end, sendAt, timeZone)
  }
  if (timing.cutoffAt !== undefined && sendAt > timing.cutoffAt) {
    return { state: 'suppressed', code: DELIVERY_CODE.cutoffPassed, notBefore: sendAt, expiresAt }
  }
  if (expiresAt !== null && sendAt >= expiresAt) return { state: 'expired', notBefore: sendAt, expiresAt }
  const lastStart = timing.cutoffAt === undefined ? expiresAt : Math.min(expiresAt ?? Number.POSITIVE_INFINITY, timing.cutoffAt)
  return { state: 'pending', notBefore: sendAt, expiresAt: lastStart }
}
