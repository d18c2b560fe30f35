/** The behaviours the matrix measures, in column order: one line each. */
import type { Probe } from '../probe.ts'
import { after500 } from './after-500.ts'
import { deadToken } from './dead-token.ts'
import { duplicates } from './duplicates.ts'
import { errorDetail } from './error-detail.ts'
import { goaway } from './goaway.ts'
import { hung } from './hung.ts'
import { refusedStream } from './refused-stream.ts'
import { retryAfter } from './retry-after.ts'
import { retryUnavailable } from './retry-unavailable.ts'
import { slowConnect } from './slow-connect.ts'
import { streamLimit } from './stream-limit.ts'

export const PROBES: readonly Probe[] = [deadToken, errorDetail, retryAfter, retryUnavailable, after500, hung, slowConnect, refusedStream, streamLimit, goaway, duplicates]
