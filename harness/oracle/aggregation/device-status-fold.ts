/**
 * Each push address's §7 last status, recomputed from the wire: its
 * deliveries' attempts in ledger order (the order the dispatcher learns
 * outcomes in). Accepted → `sent` (a bounce streak ends); a dead-address
 * answer → `bounced`, the second in a row (another delivery's) →
 * `suppressed`; other answers leave it. An address never attempted is
 * `unused`. A second dead answer to the same delivery is a retry (a retry
 * case's concern), not a second bounce. Identify calls reset a device to
 * `unused`; pushsim's run makes none, so none is folded here.
 * Then compared with the dispatcher's list of devices: every listed device
 * against its address's status, every address sent to against the list.
 */
import type { ProviderName } from '../../../simulators/kernel/exchange.ts'
import { CaseBuilder, type CaseResult, type Evidence } from '../case.ts'
import type { Exchange } from '../ground-truth.ts'

export type DeviceLastStatus = 'unused' | 'sent' | 'bounced' | 'suppressed'

/** A device as the dispatcher lists it (GET /devices). */
export interface ListedDevice {
  id: string
  personId: string
  channel: string
  address: { kind: 'token'; token: string } | { kind: 'subscription'; endpoint: string }
  lastStatus: string
}

interface AddressState {
  status: Exclude<DeviceLastStatus, 'unused'>
  streak: number
  lastBounceDelivery: string | null
  /** Seqs of the exchanges that decided the status: the acceptance, or the bounces in a row. */
  seqs: number[]
  listed: boolean
}

/** Seqs kept per address as evidence: enough to show two bounces in a row. */
const SEQS_KEPT = 3

export const DEVICE_LAST_STATUS = { id: 'aggregation.device-last-status', title: 'each device’s last status (unused, sent, bounced, suppressed) from its deliveries in order', source: { document: 'push-semantics.md', section: '§7 device management' } } as const

export function deviceLastStatusBuilder(): CaseBuilder {
  return new CaseBuilder(DEVICE_LAST_STATUS.id, DEVICE_LAST_STATUS.title, DEVICE_LAST_STATUS.source)
}

export class DeviceStatusFold {
  private readonly addresses = new Map<string, AddressState>()

  exchange(exchange: Exchange): void {
    if (exchange.deliveryId === null || exchange.target === null || exchange.credentialFetch === true) return
    const key = `${exchange.provider}|${exchange.target}`
    const state = this.addresses.get(key)
    const { answer } = exchange
    if (answer.kind === 'accepted') {
      if (state === undefined) this.addresses.set(key, { status: 'sent', streak: 0, lastBounceDelivery: null, seqs: [exchange.seq], listed: false })
      else Object.assign(state, { status: 'sent', streak: 0, lastBounceDelivery: null, seqs: [exchange.seq] })
      return
    }
    if (answer.kind !== 'error' || answer.class !== 'dead-address') return
    if (state === undefined) {
      this.addresses.set(key, { status: 'bounced', streak: 1, lastBounceDelivery: exchange.deliveryId, seqs: [exchange.seq], listed: false })
      return
    }
    if (state.lastBounceDelivery === exchange.deliveryId) return
    state.streak++
    state.status = state.streak >= 2 ? 'suppressed' : 'bounced'
    state.lastBounceDelivery = exchange.deliveryId
    state.seqs = [...state.seqs, exchange.seq].slice(-SEQS_KEPT)
  }

  /** Compares the dispatcher's list with the fold: one check per listed device, one per address sent to that the list lacks. */
  async judge(devices: AsyncIterable<ListedDevice> | Iterable<ListedDevice>, builder = deviceLastStatusBuilder()): Promise<CaseResult> {
    for await (const device of devices) {
      const state = this.addresses.get(addressKey(device))
      if (state !== undefined) state.listed = true
      const expected: DeviceLastStatus = state?.status ?? 'unused'
      builder.check(device.lastStatus === expected ? undefined : evidence(device, expected, state))
    }
    for (const [key, state] of this.addresses) {
      if (state.listed) continue
      const [provider, target] = key.split('|') as [string, string]
      builder.check({ seq: state.seqs, expected: state.status, actual: null, note: `${provider} address ${short(target)} was sent to, but the dispatcher lists no device for it` })
    }
    return builder.result()
  }
}

/** The wire's name for a device's address: the token, or the subscription id that ends its endpoint. */
export function addressKey(device: Pick<ListedDevice, 'channel' | 'address'>): string {
  if (device.address.kind === 'token') return `${providerOf(device.channel)}|${device.address.token}`
  const path = new URL(device.address.endpoint, 'http://unknown').pathname
  return `webpush|${path.slice(path.lastIndexOf('/') + 1)}`
}

const providerOf = (channel: string): ProviderName => (channel === 'apns' ? 'apns' : channel === 'fcm' ? 'fcm' : 'webpush')

const short = (text: string): string => (text.length > 16 ? `${text.slice(0, 16)}…` : text)

function evidence(device: ListedDevice, expected: DeviceLastStatus, state: AddressState | undefined): Evidence {
  const address = device.address.kind === 'token' ? device.address.token : device.address.endpoint
  const history = state === undefined ? 'never attempted' : state.status === 'sent' ? 'last accepted' : `${state.streak} bounce${state.streak === 1 ? '' : 's'} in a row`
  return {
    personId: device.personId,
    seq: state?.seqs ?? [],
    expected,
    actual: device.lastStatus,
    note: `device ${device.id} of ${device.personId} (${device.channel} ${short(address)}): reported ${device.lastStatus}, ground truth ${expected} (${history})`,
  }
}
