/**
 * Reads every exchange the simulators record, once, off the provider's
 * path: which device of the audience it was for, and the tracking object it
 * carried (decrypting a web push body here — the device's side — never in
 * the provider's hot path). The devices and the run's measurements both
 * listen to it. What it read is also written to `tracking.ndjson` in the
 * run directory, one line per exchange (`{"seq","provider","deliveryId"}`,
 * null when unreadable): the oracle groups attempts by delivery from it
 * without the subscriptions' private keys.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import type { LedgerRecord } from '../../simulators/ledger/entry.ts'
import type { Simulators } from '../../simulators/serve.ts'
import { trackingOfFcm, trackingOfJson, type Tracking } from '../devices/tracking.ts'
import { shownOfWebPush, type ShownText } from '../devices/shown-web-push.ts'
import type { AudienceBook, BookedDevice } from './audience-book.ts'

export interface WireExchange {
  record: LedgerRecord
  /** The provider took the push (APNs/FCM 200, web push 201, the whole answer written). */
  accepted: boolean
  /** The device it was addressed to, when it belongs to the audience. */
  booked: BookedDevice | undefined
  tracking: Tracking | undefined
  /** A web push notification's title and body, as the device decrypted them (shown-web-push.ts). */
  shown?: ShownText
}

export interface WireWatch {
  onExchange(listener: (exchange: WireExchange) => void): () => void
  /** Exchanges recorded but not yet read. */
  readonly backlog: number
  /** Stops watching and flushes the tracking file. */
  close(): Promise<void>
}

const ACCEPTED: Readonly<Record<string, number>> = { apns: 200, fcm: 200, webpush: 201 }

export function watchWire(sims: Simulators, book: AudienceBook, trackingPath?: string): WireWatch {
  const listeners = new Set<(exchange: WireExchange) => void>()
  const trackingFile: WriteStream | undefined = trackingPath === undefined ? undefined : createWriteStream(trackingPath)
  let queue: LedgerRecord[] = []
  let scheduled: NodeJS.Immediate | undefined
  // Called on the provider's path: only queue; reading and decrypting happen on a later turn.
  const stop = sims.ledger.onAppend((record) => {
    if (record.credentials) return
    queue.push(record)
    scheduled ??= setImmediate(drain)
  })
  function drain() {
    // close() drains at once: a turn already scheduled must not write after the file has ended.
    if (scheduled !== undefined) clearImmediate(scheduled)
    scheduled = undefined
    const batch = queue
    queue = []
    let lines = ''
    for (const record of batch) {
      const exchange = read(record)
      lines += `{"seq":${record.seq},"provider":"${record.provider}","deliveryId":${exchange.tracking ? JSON.stringify(exchange.tracking.deliveryId) : 'null'}}\n`
      for (const listener of listeners) listener(exchange)
    }
    if (lines !== '') trackingFile?.write(lines)
  }
  function read(record: LedgerRecord): WireExchange {
    const accepted = record.wire.kind === 'answered' && record.status === ACCEPTED[record.provider]
    if (record.provider === 'apns') {
      const token = /^\/3\/device\/([^/?]+)/.exec(record.path)?.[1]
      return { record, accepted, booked: token === undefined ? undefined : book.byAddress('apns', token), tracking: trackingOfJson(record.body.toString('utf8')) }
    }
    if (record.provider === 'fcm') {
      const { tracking, registrationToken } = trackingOfFcm(record.body.toString('utf8'))
      return { record, accepted, booked: registrationToken === undefined ? undefined : book.byAddress('fcm', registrationToken), tracking }
    }
    // A refused push carries no decrypt reference, but an aes128gcm body names its keys itself: the subscription is the
    // target's (for an endpoint the service never issued, the device's own, whose keys the dispatcher was given).
    const ref = record.decrypt ?? (record.target !== undefined && contentEncodingOf(record) === 'aes128gcm' ? { encoding: 'aes128gcm' as const, subscriptionId: book.keysOf(record.target) } : undefined)
    if (ref === undefined) return { record, accepted, booked: undefined, tracking: undefined }
    const plaintext = sims.webpush.decrypt(ref, record.body)
    const booked = book.byAddress('webpush', ref.subscriptionId)
    if (!plaintext.ok) return { record, accepted, booked, tracking: undefined }
    const text = plaintext.value.toString('utf8')
    const shown = accepted ? shownOfWebPush(text) : undefined
    return { record, accepted, booked, tracking: trackingOfJson(text), ...(shown === undefined ? {} : { shown }) }
  }
  return {
    onExchange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get backlog() {
      return queue.length
    },
    close() {
      stop()
      drain()
      listeners.clear()
      return new Promise<void>((resolve) => (trackingFile ? trackingFile.end(resolve) : resolve()))
    },
  }
}

function contentEncodingOf(record: LedgerRecord): string | undefined {
  for (let i = 0; i < record.rawHeaders.length; i += 2) if (record.rawHeaders[i]!.toLowerCase() === 'content-encoding') return record.rawHeaders[i + 1]!.toLowerCase()
  return undefined
}
