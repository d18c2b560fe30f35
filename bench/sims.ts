/**
 * npm run bench:sims — are the simulators ever the bottleneck of a load test?
 *
 * Each simulator is measured side by side, in the same run, against a bare
 * Node server doing the least its protocol allows. Servers run on CPU 0 and
 * the load generator on CPU 1 (taskset); only one server is loaded at a time,
 * in alternating rounds (BENCH_ROUNDS, default 5, of BENCH_SECONDS each).
 * Prints requests/s, p50/p99 and the median ratio; targets are informative,
 * never a test.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import webpush from 'web-push'
import { fetchFcmAccessToken, signApnsToken } from '../harness/cli/provider-tokens.ts'
import { DEMO_APNS_TOKEN, DEMO_FCM_TOKEN } from '../harness/cli/banner.ts'
import { startChild } from './child.ts'
import { runAutocannon, type HttpLoad } from './load/autocannon.ts'
import { runNodeH2 } from './load/h2-node.ts'
import { h2loadAvailable, runH2load, type H2Load } from './load/h2load.ts'
import type { LoadResult } from './load/result.ts'
import { withCpu } from './load/cpu.ts'

const seconds = Number(process.env.BENCH_SECONDS ?? 3)
const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const json = process.argv.includes('--json')
const log = (text: string) => (json ? process.stderr : process.stdout).write(text)

const pinned = await promisify(execFile)('taskset', ['-cp', '1', String(process.pid)]).then(
  () => true,
  () => false,
)
const serverCpu = pinned ? 0 : undefined
const loadCpu = pinned ? 1 : undefined
const stateDir = mkdtempSync(join(tmpdir(), 'pushsim-bench-'))
const ports = ['admin', 'apns', 'apns-h2c', 'fcm', 'fcm-tls', 'webpush', 'webpush-tls'].flatMap((name) => [`--${name}-port`, '0'])
const sims = await startChild('harness/cli/main.ts', ['serve', '--json', '--state-dir', stateDir, '--seed', 'bench', ...ports], serverCpu)
const endpoints = sims.ready.endpoints as Record<string, string>
const caPath = sims.ready.caPath as string
const credentialsDir = join(stateDir, 'credentials')
const defaults = JSON.parse(readFileSync(join(credentialsDir, 'defaults.json'), 'utf8')) as { apnsJson: string; fcmPath: string }
const apnsCredential = JSON.parse(readFileSync(defaults.apnsJson, 'utf8'))
const serviceAccount = JSON.parse(readFileSync(defaults.fcmPath, 'utf8'))
const vapid = JSON.parse(readFileSync(join(credentialsDir, 'vapid.json'), 'utf8')) as { publicKey: string; privateKey: string; subject: string }

log(`pushsim bench: ${rounds} alternating rounds of ${seconds}s per comparison, servers on CPU ${serverCpu ?? 'any'}, load on CPU ${loadCpu ?? 'any'}${pinned ? '' : ' (taskset missing: unpinned, ratios are noisier)'}\n`)

// FCM: a valid send with a real OAuth2 access token.
const fcmLoad: HttpLoad = {
  url: `${endpoints.fcm}/v1/projects/${serviceAccount.project_id}/messages:send`,
  method: 'POST',
  headers: { authorization: `Bearer ${await fetchFcmAccessToken(serviceAccount)}`, 'content-type': 'application/json' },
  body: JSON.stringify({ message: { token: DEMO_FCM_TOKEN, notification: { title: 'bench', body: 'hello' }, data: { k: 'v' } } }),
  connections: 10,
  pipelining: 10,
  durationSeconds: seconds,
}

// Web Push: one encrypted, VAPID-signed request from the web-push library, replayed.
const subscribed = (await (await fetch(`${endpoints.admin}/webpush/subscriptions`, { method: 'POST', body: JSON.stringify({ browser: 'firefox', applicationServerKey: vapid.publicKey, secure: false }) })).json()) as { subscription: webpush.PushSubscription }
const details = webpush.generateRequestDetails(subscribed.subscription, 'bench payload', { vapidDetails: vapid, TTL: 60 })
const webpushLoad: HttpLoad = { ...fcmLoad, url: details.endpoint, headers: details.headers as Record<string, string>, body: details.body as Buffer }

// APNs: HTTP/2 over TLS with a provider token.
const apnsLoad: H2Load = {
  url: `${endpoints.apns}/3/device/${DEMO_APNS_TOKEN}`,
  headers: { authorization: `bearer ${await signApnsToken(apnsCredential)}`, 'apns-topic': apnsCredential.topic, 'apns-push-type': 'alert' },
  body: JSON.stringify({ aps: { alert: { title: 'bench', body: 'hello' } } }),
  connections: 10,
  streams: 100,
  durationSeconds: seconds,
}
const useH2load = await h2loadAvailable()
const ca = readFileSync(caPath, 'utf8')
const h2 = (load: H2Load) => (useH2load ? runH2load(load, loadCpu) : runNodeH2(load, ca))

type Measured = LoadResult & { cpuMicrosPerRequest: number | null }

/** One comparison: the same load against a simulator and its bare baseline. */
interface Pair {
  name: string
  target: number
  sim: () => Promise<Measured>
  base: () => Promise<Measured>
}

const rows: { name: string; sim: Measured; base: Measured; ratio: number; ratios: number[]; target: number }[] = []
const children: Awaited<ReturnType<typeof startChild>>[] = []
try {
  // Baselines stay up beside the simulators, all on the serving CPU; only the one under load works.
  const bareHttp = await startChild('bench/servers/bare-http.ts', [], serverCpu)
  children.push(bareHttp)
  const tls = join(stateDir, 'tls')
  const bareH2 = await startChild('bench/servers/bare-h2.ts', [join(tls, 'server.pem'), join(tls, 'server-key.pem')], serverCpu)
  children.push(bareH2)
  const bareUrl = `http://127.0.0.1:${bareHttp.ready.port as number}/v1/projects/p/messages:send`
  const onSim = (measure: () => Promise<LoadResult>) => () => withCpu(sims.process.pid, measure)
  const onBare = (child: { process: { pid?: number } }, measure: () => Promise<LoadResult>) => () => withCpu(child.process.pid, measure)
  // Without pipelining, as most HTTP clients send: the simulators write the answers to one read at once, which pipelining flatters.
  const unpipelined = { ...fcmLoad, connections: 100, pipelining: 1 }
  const pairs: Pair[] = [
    { name: 'FCM (OAuth, validation, ledger)', target: 0.85, sim: onSim(() => runAutocannon(fcmLoad)), base: onBare(bareHttp, () => runAutocannon({ ...fcmLoad, url: bareUrl })) },
    { name: 'FCM, no pipelining', target: 0.85, sim: onSim(() => runAutocannon(unpipelined)), base: onBare(bareHttp, () => runAutocannon({ ...unpipelined, url: bareUrl })) },
    { name: 'Web Push (VAPID, ledger)', target: 0.7, sim: onSim(() => runAutocannon(webpushLoad)), base: onBare(bareHttp, () => runAutocannon({ ...fcmLoad, url: bareUrl })) },
    {
      name: 'APNs (TLS h2, JWT, ledger)',
      target: 0.85,
      sim: onSim(() => h2(apnsLoad)),
      base: onBare(bareH2, () => h2({ ...apnsLoad, url: `https://127.0.0.1:${bareH2.ready.port as number}/3/device/${DEMO_APNS_TOKEN}` })),
    },
  ]
  await runAutocannon({ ...fcmLoad, durationSeconds: 1 }) // warm the JIT of both sides
  await runAutocannon({ ...fcmLoad, url: bareUrl, durationSeconds: 1 })
  for (const pair of pairs) {
    // Rounds alternate baseline and simulator, so a noisy neighbour hits both; the median ratio is reported.
    const runs: { sim: Measured; base: Measured; ratio: number }[] = []
    for (let round = 0; round < rounds; round++) {
      const base = await pair.base()
      const sim = await pair.sim()
      runs.push({ sim, base, ratio: sim.requestsPerSecond / base.requestsPerSecond })
      log(`  ${pair.name}, round ${round + 1}: ${Math.round(sim.requestsPerSecond)} vs ${Math.round(base.requestsPerSecond)} req/s\n`)
    }
    const median = [...runs].sort((a, b) => a.ratio - b.ratio)[Math.floor(runs.length / 2)]!
    rows.push({ name: pair.name, sim: median.sim, base: median.base, ratio: median.ratio, ratios: runs.map((run) => Math.round(run.ratio * 100) / 100), target: pair.target })
  }
} finally {
  await Promise.all(children.map((child) => child.stop()))
  await sims.stop()
  rmSync(stateDir, { recursive: true, force: true })
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const summary = rows.map(({ name, sim, base, ratio, ratios, target }) => ({
  name,
  simulatorRps: Math.round(sim.requestsPerSecond),
  baselineRps: Math.round(base.requestsPerSecond),
  ratio: Math.round(ratio * 1000) / 1000,
  ratios,
  target,
  simulator: { p50Ms: sim.p50Ms, p99Ms: sim.p99Ms, cpuMicrosPerRequest: sim.cpuMicrosPerRequest, failures: sim.failures, total: sim.total },
  baseline: { p50Ms: base.p50Ms, p99Ms: base.p99Ms, cpuMicrosPerRequest: base.cpuMicrosPerRequest, failures: base.failures, total: base.total },
  tool: sim.tool,
}))
if (json) process.stdout.write(JSON.stringify({ seconds, rounds, pinned, rows: summary }) + '\n')
else {
  log('\nsimulator                          req/s (sim)   req/s (bare)   ratio   target   p50/p99 sim (ms)   p50/p99 bare (ms)   CPU µs/req sim/bare   load\n')
  for (const row of summary) {
    const mark = row.ratio >= row.target ? 'meets' : 'BELOW'
    log(
      `${row.name.padEnd(34)} ${fmt(row.simulatorRps).padStart(11)}   ${fmt(row.baselineRps).padStart(12)}   ${fmt(row.ratio, 2).padStart(5)}   ≥${row.target} ${mark.padEnd(6)} ${`${fmt(row.simulator.p50Ms, 2)}/${fmt(row.simulator.p99Ms, 2)}`.padStart(13)}   ${`${fmt(row.baseline.p50Ms, 2)}/${fmt(row.baseline.p99Ms, 2)}`.padStart(16)}   ${`${row.simulator.cpuMicrosPerRequest ?? '-'}/${row.baseline.cpuMicrosPerRequest ?? '-'}`.padStart(19)}   ${row.tool}\n`,
    )
    log(`  ratios by round: ${row.ratios.map((ratio) => fmt(ratio, 2)).join(', ')}\n`)
    if (row.simulator.failures > 0) log(`  ! ${row.simulator.failures} of ${row.simulator.total} simulator responses were errors: this row measures error paths, not the happy path\n`)
  }
}
