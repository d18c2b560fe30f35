/**
 * npm run bench (second half) — the reference dispatcher at scale: one
 * campaign of 100,000 deliveries across APNs, FCM and Web Push through the
 * simulators, streamed through the store in bounded memory. Prints
 * deliveries/s and peak RSS beside the simulators' own ceiling measured in
 * the same run (the dispatcher can be no faster than that).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { startDispatcher } from '../dispatcher/app.ts'
import type { AudienceMember } from '../dispatcher/engine/intake.ts'
import { fetchFcmAccessToken } from '../harness/cli/provider-tokens.ts'
import { startChild } from './child.ts'
import { runAutocannon } from './load/autocannon.ts'

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 100_000)
const json = process.argv.includes('--json')
const log = (text: string) => (json ? process.stderr : process.stdout).write(text)

const pinned = await promisify(execFile)('taskset', ['-cp', '1', String(process.pid)]).then(
  () => true,
  () => false,
)
const stateDir = mkdtempSync(join(tmpdir(), 'pushsim-bench-dispatcher-'))
const ports = ['admin', 'apns', 'apns-h2c', 'fcm', 'fcm-tls', 'webpush', 'webpush-tls'].flatMap((name) => [`--${name}-port`, '0'])
// The in-memory ledger keeps every exchange of the run; the NDJSON file has them all anyway.
const sims = await startChild('harness/cli/main.ts', ['serve', '--json', '--state-dir', stateDir, '--seed', 'bench', '--ledger-capacity', String(DELIVERIES + 10_000), ...ports], pinned ? 0 : undefined)
const endpoints = sims.ready.endpoints as Record<string, string>
const credentials = join(stateDir, 'credentials')
const defaults = JSON.parse(readFileSync(join(credentials, 'defaults.json'), 'utf8')) as { apnsJson: string; fcmPath: string }
const apns = JSON.parse(readFileSync(defaults.apnsJson, 'utf8'))
const serviceAccount = JSON.parse(readFileSync(defaults.fcmPath, 'utf8'))
const vapid = JSON.parse(readFileSync(join(credentials, 'vapid.json'), 'utf8'))
const ca = readFileSync(sims.ready.caPath as string, 'utf8')

try {
  // The simulators' ceiling in this run: FCM sends/s under autocannon, the same request the dispatcher makes.
  const ceiling = await runAutocannon({
    url: `${endpoints.fcm}/v1/projects/${serviceAccount.project_id}/messages:send`,
    method: 'POST',
    headers: { authorization: `Bearer ${await fetchFcmAccessToken(serviceAccount)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: { token: 'ceiling:APA91b000', notification: { title: 't', body: 'b' } } }),
    connections: 10,
    pipelining: 1,
    durationSeconds: 3,
  })

  const webShare = Math.floor(DELIVERIES / 5)
  log(`pushsim bench: dispatcher, ${DELIVERIES} deliveries (${webShare} web push), subscribing…\n`)
  const subscriptions: { endpoint: string; keys: { p256dh: string; auth: string } }[] = []
  for (let i = 0; i < webShare; i++) {
    const made = (await (await fetch(`${endpoints.admin}/webpush/subscriptions`, { method: 'POST', body: JSON.stringify({ browser: 'firefox', applicationServerKey: vapid.publicKey, secure: false }) })).json()) as { subscription: (typeof subscriptions)[number] }
    subscriptions.push(made.subscription)
  }

  const database = join(stateDir, 'dispatcher.db')
  const app = await startDispatcher({
    database,
    seed: 'bench',
    providers: { apns: { url: endpoints.apns!, keyId: apns.keyId, teamId: apns.teamId, key: apns.key, topic: apns.topic }, fcm: { url: endpoints.fcm!, serviceAccount }, webpush: { vapid }, ca },
  })
  app.dispatcher.createCampaign({ id: 'bench', name: 'bench', targeting: 'all-devices', profile: 'mobile', variants: [{ id: 'a', share: 1, content: { title: 'Hello {{name|there}}', body: 'Benchmark' } }], rules: {}, createdAt: Date.now() })

  function* audience(): Iterable<AudienceMember> {
    for (let i = 0; i < DELIVERIES; i++) {
      const personId = `p${i}`
      const web = i < webShare ? subscriptions[i]! : undefined
      const channel = web ? 'webpush-firefox' : i % 2 === 0 ? 'apns' : 'fcm'
      const address = web
        ? ({ kind: 'subscription', endpoint: web.endpoint, p256dh: web.keys.p256dh, auth: web.keys.auth } as const)
        : ({ kind: 'token', token: channel === 'apns' ? i.toString(16).padStart(64, '0') : `bench-${i}:APA91b00000` } as const)
      yield { person: { id: personId, properties: { name: `P${i}` }, timezone: 'UTC', test: false, unsubscribed: false }, devices: [{ id: `${personId}-d`, personId, channel, platform: web ? 'web' : channel === 'apns' ? 'ios' : 'android', address, sdk: true, lastSeenAt: 1 }] }
    }
  }

  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  await app.dispatcher.send('bench', audience())
  const plannedAfter = (performance.now() - started) / 1000
  await app.dispatcher.settled('bench', 50)
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuStarted)
  const counts = app.dispatcher.store.countByState('bench')
  await app.close()
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
  const result = {
    deliveries: DELIVERIES,
    seconds: Math.round(seconds * 10) / 10,
    deliveriesPerSecond: Math.round(DELIVERIES / seconds),
    peakRssMb,
    accepted: counts.accepted,
    /** The dispatcher's CPU (user + system) from the first member planned to the last delivery settled. */
    cpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
    simulatorCeilingRps: Math.round(ceiling.requestsPerSecond),
    /** When the whole audience was planned (sending runs alongside). */
    plannedAfterSeconds: Math.round(plannedAfter * 10) / 10,
  }
  if (json) process.stdout.write(JSON.stringify(result) + '\n')
  else {
    log(`\ndispatcher: ${result.deliveries} deliveries in ${result.seconds} s = ${result.deliveriesPerSecond} deliveries/s (audience planned after ${result.plannedAfterSeconds} s), peak RSS ${result.peakRssMb} MB, ${result.accepted} accepted\n`)
    log(`simulators' ceiling in this run: ${result.simulatorCeilingRps} FCM sends/s (autocannon, 10 connections): the dispatcher reaches ${Math.round((result.deliveriesPerSecond / result.simulatorCeilingRps) * 100)}% of it\n`)
  }
} finally {
  await sims.stop()
  rmSync(stateDir, { recursive: true, force: true })
}
