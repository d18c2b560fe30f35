import { headerOf } from './error-of.ts'

/** All three HTTP-date forms (RFC 9110 §5.6.7) start with a day name; this keeps Date.parse from reading `1.5` as a date. */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /

/**
 * `Retry-After` as a delay in milliseconds (push-semantics §2, §4: never retry sooner):
 * delay-seconds, or an HTTP-date. A date is measured from the response's own `Date`
 * header when it has one, so a skewed clock on either side does not shorten the wait
 * (interpretation); otherwise from `now`. A date in the past is 0; absent or unreadable is undefined.
 */
export function retryAfterMsOf(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const value = headerOf(headers, 'retry-after')?.trim()
  if (value === undefined || value === '') return undefined
  if (/^\d+$/.test(value)) return Number(value) * 1000
  if (!HTTP_DATE.test(value)) return undefined
  const at = parseHttpDate(value)
  if (Number.isNaN(at)) return undefined
  const served = parseHttpDate(headerOf(headers, 'date') ?? '')
  return Math.max(0, at - (Number.isNaN(served) ? now : served))
}

/** HTTP-dates are GMT; asctime carries no zone, which Date.parse would read as local time. */
function parseHttpDate(value: string): number {
  return Date.parse(/GMT|UTC/i.test(value) ? value : `${value} GMT`)
}
