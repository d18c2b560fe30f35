import type { Channel } from '../model/channel.ts'
import type { Campaign, Device } from '../model/entities.ts'

/** The devices a message goes to, and the suppressed devices that get a suppressed delivery. */
export interface Targets {
  /** Eligible devices to send to, most recently seen first. */
  send: Device[]
  /** Suppressed devices recorded as suppressed deliveries (`device_suppressed`); only under all-devices. */
  suppressed: Device[]
}

/** Most recently seen first; equal times by id, so the order never depends on how the store listed them. */
function byRecency(a: Device, b: Device): number {
  return b.lastSeenAt - a.lastSeenAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * §7 targeting. A device is eligible when its last status is not `suppressed` (two bounces in a row)
 * and its channel is among `channels` (campaigns carry no channel filter today: every channel).
 * - last-device: the eligible device seen last (ties: smallest id); suppressed devices are not candidates.
 * - all-devices: every eligible device, plus (interpretation) one suppressed delivery per suppressed
 *   device of an allowed channel, so the dashboard shows why that address got nothing (§5 lists
 *   "device suppressed" among suppression reasons).
 * With no eligible device the person is Undeliverable and `send` is empty (the caller then plans no delivery).
 */
export function selectTargets(
  targeting: Campaign['targeting'],
  devices: readonly Device[],
  channels?: readonly Channel[],
): Targets {
  const allowed = devices.filter(device => channels === undefined || channels.includes(device.channel))
  const eligible = allowed.filter(device => device.lastStatus !== 'suppressed').sort(byRecency)
  if (targeting === 'last-device') return { send: eligible.slice(0, 1), suppressed: [] }
  const suppressed = allowed.filter(device => device.lastStatus === 'suppressed').sort(byRecency)
  return { send: eligible, suppressed }
}
