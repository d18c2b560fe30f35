/**
 * A synthetic run directory the oracle accepts (harness/oracle/run-data.ts):
 * run-result.json, simulators/ledger.ndjson in the ledger schema of
 * docs/ledger.md (exchanges and device lines), tracking.ndjson and one
 * dispatcher report per campaign — generated from a seed, streamed to disk.
 * The mix is a campaign's: most deliveries accepted at once, some retried
 * after a 503 or a 429 with Retry-After, some timed out and retried, dead
 * tokens answered 410, devices suppressed after two bounces (planned, never
 * sent), over APNs, FCM and web push (Chrome, Firefox). The reports carry
 * statuses and codes but no figures or trends: the metric cases fail, as
 * they would for a dispatcher that reports none, at the same cost.
 */
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import { createRng } from '../../simulators/kernel/rng.ts'

const START_WALL = Date.parse('2026-12-03T12:00:00.000Z')
const START_VIRTUAL = Date.parse('2026-05-04T10:00:00.000Z')
/** Wall ms per virtual ms. */
const SCALE = 0.1
const CAMPAIGNS = 8

type Channel = 'apns' | 'fcm' | 'webpush-chrome' | 'webpush-firefox'
const CHANNELS: readonly Channel[] = ['apns', 'fcm', 'webpush-chrome', 'webpush-firefox']
const WIRE: Readonly<Record<Channel, { provider: string; flavour: string; ok: number; dead: { status: number; reason: string } }>> = {
  apns: { provider: 'apns', flavour: 'sandbox', ok: 200, dead: { status: 410, reason: 'Unregistered' } },
  fcm: { provider: 'fcm', flavour: 'pushsim-demo', ok: 200, dead: { status: 404, reason: 'UNREGISTERED' } },
  'webpush-chrome': { provider: 'webpush', flavour: 'chrome', ok: 201, dead: { status: 410, reason: 'gone' } },
  'webpush-firefox': { provider: 'webpush', flavour: 'firefox', ok: 201, dead: { status: 410, reason: 'gone' } },
}

/** push-semantics.md §2: where a hung exchange is abandoned. */
const READ_TIMEOUT_MS: Readonly<Record<Channel, number>> = { apns: 30_000, fcm: 30_000, 'webpush-chrome': 10_000, 'webpush-firefox': 10_000 }

/** Buffered line writer that waits for the disk when the stream asks it to. */
class Lines {
  private buffer = ''
  constructor(private readonly stream: WriteStream) {}
  async add(line: string): Promise<void> {
    this.buffer += line + '\n'
    if (this.buffer.length < 1 << 20) return
    const text = this.buffer
    this.buffer = ''
    if (!this.stream.write(text)) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()))
  }
  async close(): Promise<void> {
    this.stream.end(this.buffer)
    await new Promise<void>((resolve) => this.stream.once('finish', () => resolve()))
  }
}

interface Attempt {
  status: number
  reason: string | null
  outcome: 'answered' | 'abandoned'
  decided: 'respond' | 'hang'
  retryAfterS?: number
  /** Wall ms the exchange took. */
  durationMs: number
  /** Virtual ms waited before the next attempt. */
  waitMs: number
}

/** One delivery's attempts on the wire: the mix of a campaign over providers under some faults. */
function attemptsOf(channel: Channel, dead: boolean, random: () => number): Attempt[] {
  const wire = WIRE[channel]
  const attempts: Attempt[] = []
  const answer = (status: number, reason: string | null, extra: Partial<Attempt> = {}): Attempt => ({ status, reason, outcome: 'answered', decided: 'respond', durationMs: 2 + random() * 8, waitMs: 0, ...extra })
  for (;;) {
    const draw = random()
    if (dead) return [...attempts, answer(wire.dead.status, wire.dead.reason)]
    if (attempts.length >= 3 || draw < 0.86) return [...attempts, answer(wire.ok, null)]
    if (draw < 0.91) attempts.push(answer(429, 'TooManyRequests', { retryAfterS: 3, waitMs: 3_000 + random() * 500 }))
    else if (draw < 0.96) attempts.push(answer(503, 'ServiceUnavailable', { waitMs: 1_000 * 2 ** attempts.length * random() }))
    else attempts.push({ status: 0, reason: 'fault:hang', outcome: 'abandoned', decided: 'hang', durationMs: READ_TIMEOUT_MS[channel] * SCALE + random() * 20, waitMs: 1_000 * random() })
  }
}

export interface GeneratedRun {
  exchanges: number
  deliveries: number
  deviceLines: number
  ledgerBytes: number
}

/** Writes a run of about `exchanges` exchanges into `dir` (deterministic for a seed). */
export async function generateRun(dir: string, exchanges: number, seed = 11): Promise<GeneratedRun> {
  mkdirSync(join(dir, 'simulators'), { recursive: true })
  mkdirSync(join(dir, 'dispatcher-report'), { recursive: true })
  const rng = createRng(`bench-oracle-${seed}`)
  const random = () => rng.next()
  const ledgerStream = createWriteStream(join(dir, 'simulators', 'ledger.ndjson'))
  const ledger = new Lines(ledgerStream)
  const tracking = new Lines(createWriteStream(join(dir, 'tracking.ndjson')))
  const reports = Array.from({ length: CAMPAIGNS }, () => ({ deliveries: [] as unknown[], messages: [] as unknown[] }))
  const bounces = new Map<string, number>()
  let seq = 0
  let written = 0
  let deliveries = 0
  let deviceLines = 0
  let wallNow = START_WALL
  const virtualAt = (wall: number) => new Date(START_VIRTUAL + (wall - START_WALL) / SCALE).toISOString()
  for (let person = 0; written < exchanges; person++) {
    const campaign = person % CAMPAIGNS
    const channel = CHANNELS[Math.floor(random() * CHANNELS.length)]!
    // A small pool of dead tokens, so some bounce twice and get suppressed.
    const dead = random() < 0.06
    const token = dead ? `dead-${channel}-${Math.floor(random() * 5_000)}` : `tok-${person}`
    const personId = `p${person}`
    const messageId = `m${person}`
    const deliveryId = `d${person}`
    const wire = WIRE[channel]
    const report = reports[campaign]!
    // The status the dispatcher reports (§7), as the oracle recomputes it: the bench measures agreement, not evidence.
    const message = { messageId, personId, variantId: null, control: false, failure: null, status: 'Delivered' }
    report.messages.push(message)
    if (dead && (bounces.get(`${channel}|${token}`) ?? 0) >= 2) {
      message.status = 'Failed'
      report.deliveries.push({ id: deliveryId, messageId, personId, deviceId: `${personId}-d`, channel, state: 'suppressed', code: 'device_suppressed' })
      deliveries++
      continue
    }
    let start = (wallNow += 0.5)
    const attempts = attemptsOf(channel, dead, random)
    let state = 'accepted'
    let code: string | null = null
    for (const attempt of attempts) {
      seq++
      written++
      const startedAt = new Date(start).toISOString()
      const headers = attempt.retryAfterS === undefined ? '{}' : `{"retry-after":"${attempt.retryAfterS}"}`
      await ledger.add(
        `{"schema":1,"kind":"exchange","seq":${seq},"id":"x${String(seq).padStart(8, '0')}","provider":"${wire.provider}","flavour":"${wire.flavour}","target":"${token}","reason":${attempt.reason === null ? 'null' : `"${attempt.reason}"`},"faults":[],"delivery":"${attempt.decided}","connectionId":${1 + (person % 50)},"streamId":null,"transport":"http/1.1","startedAt":"${startedAt}","durationMs":${attempt.durationMs.toFixed(3)},"request":{"method":"POST","scheme":"https","authority":"127.0.0.1:8443","path":"/push/${token}","headers":{"content-type":"application/json"},"body":"{\\"pushsim\\":{\\"id\\":\\"${deliveryId}\\",\\"token\\":\\"t${person}\\"}}","bodyEncoding":"utf8","bodyLength":48},"response":{"status":${attempt.status},"headers":${headers},"body":""},"wire":{"outcome":"${attempt.outcome}","status":${attempt.status},"bytes":0,"afterMs":${(attempt.durationMs - 0.2).toFixed(3)}}}`,
      )
      await tracking.add(`{"seq":${seq},"deliveryId":"${deliveryId}"}`)
      const end = start + attempt.durationMs
      if (attempt.status === wire.ok) {
        seq++
        deviceLines++
        await ledger.add(`{"schema":1,"kind":"device","seq":${seq},"at":"${new Date(end + 1).toISOString()}","event":"report","virtualAt":"${virtualAt(end + 1)}","deviceId":"${personId}-d","personId":"${personId}","channel":"${channel}","exchange":${seq - 1},"deliveryId":"${deliveryId}","report":"delivered","duplicate":false,"status":202,"attempt":1}`)
      } else if (attempt.status === wire.dead.status) {
        state = 'bounced'
        message.status = 'Bounced'
        code = channel.startsWith('webpush') ? 'browser_unsubscribed' : channel === 'apns' ? 'safari_device_token_inactive_for_topic' : 'push_unreg'
        bounces.set(`${channel}|${token}`, (bounces.get(`${channel}|${token}`) ?? 0) + 1)
      }
      start = end + attempt.waitMs * SCALE
    }
    wallNow = Math.max(wallNow, start)
    report.deliveries.push({ id: deliveryId, messageId, personId, deviceId: `${personId}-d`, channel, state, code })
    deliveries++
  }
  await ledger.close()
  await tracking.close()
  reports.forEach((report, index) => {
    const campaignId = `c${index}`
    const body = { campaignId, kind: 'campaign', campaign: { id: campaignId, profile: 'mobile', targeting: 'last-device', rules: { ttlSeconds: 86_400 } }, deliveries: report.deliveries, messages: report.messages, metrics: {}, variants: {}, trends: { day: [], week: [], month: [] } }
    writeFileSync(join(dir, 'dispatcher-report', `${campaignId}.json`), JSON.stringify(body))
  })
  const result = { version: 1, status: 'passed', ledger: 'simulators/ledger.ndjson', clock: { segments: [{ wallMs: START_WALL, virtualMs: START_VIRTUAL, timeScale: SCALE }] }, dispatcher: { url: 'http://127.0.0.1:0', mode: 'external', capabilities: ['clock'], settings: null } }
  writeFileSync(join(dir, 'run-result.json'), JSON.stringify(result))
  return { exchanges: written, deliveries, deviceLines, ledgerBytes: ledgerStream.bytesWritten }
}
