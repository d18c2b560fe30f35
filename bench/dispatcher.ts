/**
 * npm run bench (second half) — the reference dispatcher at scale: one
 * campaign of 100,000 deliveries across APNs, FCM and Web Push through the
 * simulators, streamed through the store in bounded memory. Prints
 * deliveries/s and peak RSS beside the simulators' own ceiling measured in
 * the same run (the dispatcher can be no faster than that). The audience is
 * bench-scenario.ts's, the one bench/run.ts sends through `pushsim run`, and
 * web push goes over TLS as there (and as real push services require).
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
import { benchMember, benchScenario, type WebPushAddress } from './bench-scenario.ts'
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

  // The same persons pushsim run sends in bench/run.ts (bench-scenario.ts): its web push devices need subscriptions here.
  const persons = benchScenario(DELIVERIES).persons
  let webShare = 0
  for (const person of persons) for (const device of person.devices) if (device.channel.startsWith('webpush-')) webShare++
  log(`pushsim bench: dispatcher, ${DELIVERIES} deliveries (${webShare} web push), subscribing…\n`)
  const subscriptions: WebPushAddress[] = []
  for (let i = 0; i < webShare; i++) {
    const made = (await (await fetch(`${endpoints.admin}/webpush/subscriptions`, { method: 'POST', body: JSON.stringify({ browser: 'firefox', applicationServerKey: vapid.publicKey }) })).json()) as { subscription: WebPushAddress }
    subscriptions.push(made.subscription)
  }

  const database = join(stateDir, 'dispatcher.db')
  const app = await startDispatcher({
    database,
    seed: 'bench',
    providers: { apns: { url: endpoints.apns!, keyId: apns.keyId, teamId: apns.teamId, key: apns.key, topic: apns.topic }, fcm: { url: endpoints.fcm!, serviceAccount }, webpush: { vapid }, ca },
  })
  app.dispatcher.createCampaign({ id: 'bench', name: 'bench', targeting: 'all-devices', profile: 'mobile', variants: [{ id: 'a', share: 1, content: { title: 'Hello {{firstName|there}}', body: 'Benchmark' } }], rules: {}, createdAt: Date.now() })

  // Generated before the clock starts: faker's persons cost ~0.1 ms each, which the dispatcher must not be charged
  // (in the run the harness generates them, in its own process).
  let subscription = 0
  const members: AudienceMember[] = []
  for (const person of persons) members.push(benchMember(person, () => subscriptions[subscription++]!))
  const audience = (): Iterable<AudienceMember> => members

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
