/**
 * What a simulated device does with a push it received (push-semantics.md
 * §6, with the scenario's rates): whether it reports delivered, opened and
 * converted, and when. A pure function of the device, the scenario and one
 * random stream keyed by (seed, delivery, device): the same run gives the
 * same decisions whatever order pushes arrive in.
 */
import { sampleMs } from '../../simulators/faults/sampling/distributions.ts'
import type { Rng } from '../../simulators/kernel/rng.ts'
import type { DeviceOfPerson, DevicesPlan } from '../../scenarios/plan-types.ts'
import type { Platform } from '../../scenarios/types.ts'

export type NoReportReason = 'no-sdk' | 'not-opted-in' | 'offline' | 'doze' | 'safari-no-events' | 'untracked' | 'not-drawn'

export interface DeviceDecision {
  delivered: boolean
  opened: boolean
  converted: boolean
  /** Why `delivered` is not reported (the first rule that stopped it). */
  reason: NoReportReason | null
  /** Virtual ms after receipt of each report. */
  deliveredAfterMs?: number
  openedAfterMs?: number
  convertedAfterMs?: number
}

/** How long after receipt a dozing Android's app is next opened: its background reports wait for that (a closed app's wait is already in its rates' delay). */
const NEXT_OPENED = { kind: 'lognormal', medianMs: 3_600_000, p99Ms: 12 * 3_600_000 } as const

export function decide(device: DeviceOfPerson, platform: Platform, plan: DevicesPlan, rng: Rng, offline: boolean): DeviceDecision {
  const rates = plan.behaviour[platform][device.appState]
  const none = (reason: NoReportReason): DeviceDecision => ({ delivered: false, opened: false, converted: false, reason })
  if (!device.online) return none('offline')
  if (!device.sdk) return none('no-sdk')
  // iOS shows (and reports) only with permission; Android reports delivered regardless (§6).
  if (platform === 'ios' && !device.optIn) return none('not-opted-in')
  // Draws happen in a fixed order whatever the outcome, so one change of rate moves no other decision.
  const uDelivered = rng.next()
  const uOpened = rng.next()
  const uConverted = rng.next()
  const reportDelay = sampleMs(rates.delay, rng)
  const openDelay = sampleMs(rates.openDelay, rng)
  const nextOpened = sampleMs(NEXT_OPENED, rng)
  const offlineFor = offline ? sampleMs(plan.offline.duration, rng) : 0
  const waitsForApp = device.doze && device.appState === 'background'
  const base = offlineFor + (waitsForApp ? nextOpened : 0)
  const shown = device.optIn || platform !== 'android'
  const safari = device.channel === 'webpush-safari'
  const delivered = !safari && uDelivered < rates.delivered
  // An unshown notification cannot be tapped; Safari taps count though views are never reported.
  const opened = shown && (delivered || safari) && uOpened < rates.opened
  const converted = opened && uConverted < rates.converted
  const reason: NoReportReason | null = delivered ? null : safari ? 'safari-no-events' : 'not-drawn'
  return {
    delivered,
    opened,
    converted,
    reason,
    ...(delivered ? { deliveredAfterMs: base + reportDelay } : {}),
    ...(opened ? { openedAfterMs: base + reportDelay + openDelay } : {}),
    ...(converted ? { convertedAfterMs: base + reportDelay + openDelay + 1 } : {}),
  }
}
