/**
 * The device reports a plan implies (push-semantics §6 with the scenario's
 * rates, as harness/devices/behaviour.ts decides them): per push a provider
 * accepts, the chance its device reports delivered, opened and converted.
 * Offline devices (never online) and devices without the SDK never report;
 * an iOS device reports only with opt-in; an Android one shows (so can be
 * tapped) only with opt-in; Safari never reports delivered.
 */
import type { AudiencePlan, DevicesPlan } from './plan-types.ts'
import type { Channel, Platform } from './types.ts'

export interface ExpectedReports {
  delivered: number
  opened: number
  converted: number
}

const platformOf = (channel: Channel): Platform => (channel === 'apns' ? 'ios' : channel === 'fcm' ? 'android' : 'web')

/** Reports expected from `accepted` pushes per channel (each device draws independently). */
export function expectedReports(accepted: Partial<Record<Channel, number>>, audience: AudiencePlan, devices: DevicesPlan): ExpectedReports {
  const { sdk, optIn, online, appStates } = audience.devices
  const total = { delivered: 0, opened: 0, converted: 0 }
  for (const [channel, pushes] of Object.entries(accepted) as [Channel, number][]) {
    const platform = platformOf(channel)
    const reporting = online * sdk * (platform === 'ios' ? optIn : 1)
    const shown = platform === 'android' ? optIn : 1
    const safari = channel === 'webpush-safari'
    for (const [state, share] of appStates) {
      const rates = devices.behaviour[platform][state]
      const weight = pushes * reporting * share
      const opened = shown * (safari ? 1 : rates.delivered) * rates.opened
      total.delivered += weight * (safari ? 0 : rates.delivered)
      total.opened += weight * opened
      total.converted += weight * opened * rates.converted
    }
  }
  return { delivered: Math.round(total.delivered), opened: Math.round(total.opened), converted: Math.round(total.converted) }
}
