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
 * An exchange whose target the simulator could not read (a malformed
 * token, an endpoint it never issued) names no address: it is kept aside
 * and folded by the device its delivery was planned for (resolveUnaddressed).
 * An answer the catalogue cannot place may or may not have been a bounce:
 * until an acceptance settles it, that device is left undecided, unjudged.
 * So is a push that carried no readable delivery id: with its address, that
 * address; without one (a web push endpoint the service never issued, so
 * the payload cannot be read either), every device of its provider that
 * the wire shows nothing else of.
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
  status: DeviceLastStatus
  /** An answer the catalogue cannot place came since the last acceptance: the status cannot be known. */
  undecided: boolean
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

/** What a device's status hangs on in one exchange: an acceptance, a dead-address answer, or an answer the catalogue cannot place. */
interface Outcome {
  deliveryId: string
  seq: number
  kind: 'accepted' | 'dead' | 'unknown'
}

const UNUSED: AddressState = { status: 'unused', undecided: false, streak: 0, lastBounceDelivery: null, seqs: [], listed: false }

/** The status after one more outcome. */
function step(state: AddressState = UNUSED, { deliveryId, seq, kind }: Outcome): AddressState {
  if (kind === 'accepted') return { ...UNUSED, status: 'sent', seqs: [seq], listed: state.listed }
  if (kind === 'unknown') return { ...state, undecided: true, seqs: [...state.seqs, seq].slice(-SEQS_KEPT) }
  if (state.lastBounceDelivery === deliveryId) return state
  const streak = state.streak + 1
  return { ...state, status: streak >= 2 ? 'suppressed' : 'bounced', streak, lastBounceDelivery: deliveryId, seqs: [...state.seqs, seq].slice(-SEQS_KEPT) }
}

function outcomeKind(answer: Exchange['answer']): Outcome['kind'] | undefined {
  if (answer.kind === 'accepted') return 'accepted'
  if (answer.kind === 'unknown') return 'unknown'
  return answer.kind === 'error' && answer.class === 'dead-address' ? 'dead' : undefined
}

export class DeviceStatusFold {
  private readonly addresses = new Map<string, AddressState>()
  /** Outcomes of exchanges that named no address, in ledger order (few: malformed addresses only). */
  private readonly unaddressed: Outcome[] = []
  private readonly byDevice = new Map<string, AddressState>()
  /** Providers that took a push neither its delivery nor its address can be told of. */
  private readonly unattributed = new Set<ProviderName>()

  exchange(exchange: Exchange): void {
    if (exchange.credentialFetch === true) return
    if (exchange.deliveryId === null && exchange.target === null) return void this.unattributed.add(exchange.provider)
    const kind = exchange.deliveryId === null ? 'unknown' : outcomeKind(exchange.answer)
    if (kind === undefined) return
    const outcome = { deliveryId: exchange.deliveryId ?? '', seq: exchange.seq, kind }
    if (exchange.target === null) return void this.unaddressed.push(outcome)
    const key = `${exchange.provider}|${exchange.provider === 'apns' ? exchange.target.toLowerCase() : exchange.target}`
    this.addresses.set(key, step(this.addresses.get(key), outcome))
  }

  /** Deliveries whose exchanges named no address: their devices must come from the dispatcher's plan. */
  unaddressedDeliveries(): Set<string> {
    return new Set(this.unaddressed.map((outcome) => outcome.deliveryId))
  }

  /** Folds the unaddressed outcomes by the device each delivery was planned for (the dispatcher's decision, as facts take it). */
  resolveUnaddressed(deviceOf: ReadonlyMap<string, string>): void {
    for (const outcome of this.unaddressed) {
      const deviceId = deviceOf.get(outcome.deliveryId)
      if (deviceId !== undefined) this.byDevice.set(deviceId, step(this.byDevice.get(deviceId), outcome))
    }
  }

  /** Compares the dispatcher's list with the fold: one check per listed device, one per address sent to that the list lacks; undecided ones are not judged. */
  async judge(devices: AsyncIterable<ListedDevice> | Iterable<ListedDevice>, builder = deviceLastStatusBuilder()): Promise<CaseResult> {
    for await (const device of devices) {
      const state = this.addresses.get(addressKey(device)) ?? this.byDevice.get(device.id)
      if (state !== undefined) state.listed = true
      if (state?.undecided === true || (state === undefined && this.unattributed.has(providerOf(device.channel)))) continue
      const expected: DeviceLastStatus = state?.status ?? 'unused'
      builder.check(device.lastStatus === expected ? undefined : evidence(device, expected, state))
    }
    for (const [key, state] of this.addresses) {
      if (state.listed || state.undecided) continue
      const [provider, target] = key.split('|') as [string, string]
      builder.check({ seq: state.seqs, expected: state.status, actual: null, note: `${provider} address ${short(target)} was sent to, but the dispatcher lists no device for it` })
    }
    return builder.result()
  }
}

/** The wire's name for a device's address: the token, or the subscription id that ends its endpoint. */
export function addressKey(device: Pick<ListedDevice, 'channel' | 'address'>): string {
  // APNs tokens are hex, read case-insensitively: the simulator records them in lower case.
  if (device.address.kind === 'token') return `${providerOf(device.channel)}|${device.channel === 'apns' ? device.address.token.toLowerCase() : device.address.token}`
  const path = new URL(device.address.endpoint, 'http://unknown').pathname
  return `webpush|${path.slice(path.lastIndexOf('/') + 1)}`
}

const providerOf = (channel: string): ProviderName => (channel === 'apns' ? 'apns' : channel === 'fcm' ? 'fcm' : 'webpush')

const short = (text: string): string => (text.length > 16 ? `${text.slice(0, 16)}…` : text)

function evidence(device: ListedDevice, expected: DeviceLastStatus, state: AddressState | undefined): Evidence {
  const address = device.address.kind === 'token' ? device.address.token : device.address.endpoint
  const history = state === undefined || state.status === 'unused' ? 'never attempted' : state.status === 'sent' ? 'last accepted' : `${state.streak} bounce${state.streak === 1 ? '' : 's'} in a row`
  return {
    personId: device.personId,
    seq: state?.seqs ?? [],
    expected,
    actual: device.lastStatus,
    note: `device ${device.id} of ${device.personId} (${device.channel} ${short(address)}): reported ${device.lastStatus}, ground truth ${expected} (${history})`,
  }
}
