/**
 * `pushsim run` against dispatchers it did not start: the reference
 * dispatcher as a separate process reached by URL; one that does not
 * announce the clock capability (the reference dispatcher behind a proxy
 * that hides it), whose clock-dependent phases are skipped with a reason;
 * and one that stops answering mid-run, which ends the run with evidence
 * instead of hanging it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, request as httpRequest, type Server } from 'node:http'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { startDispatcher } from '../dispatcher/app.ts'
import { providersFromPushsim } from '../harness/cli/dispatcher-config.ts'
import { runScenario } from '../harness/run/run.ts'
import { decodeScenario } from '../scenarios/decode/scenario.ts'
import type { ScenarioPlan } from '../scenarios/plan-types.ts'
import { startSimulators, type PortName } from '../simulators/serve.ts'
import { tempDir } from './support/temp-dir.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function plan(phases: object[], extra: object = {}): ScenarioPlan {
  const decoded = decodeScenario({
    name: 'external',
    seed: 'external',
    clock: { start: '2026-05-04T10:00:00Z', timeScale: 0.05 },
    audience: { persons: 40, locales: 'en-US', devices: { channels: { apns: 0.5, fcm: 0.3, 'webpush-chrome': 0.2 } } },
    campaigns: [
      { name: 'first', template: { title: 'Hello', deepLink: 'https://x.example/a' } },
      { name: 'next-day', template: { title: 'Again', deepLink: 'https://x.example/b' } },
    ],
    workload: { phases },
    ...extra,
  })
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems))
  return decoded.plan
}

const twoDays = [
  { name: 'day-1', at: '0s', executors: [{ executor: 'campaign', campaign: 'first', rate: '200/s' }] },
  { name: 'day-2', at: '1d', executors: [{ executor: 'campaign', campaign: 'next-day', rate: '200/s' }] },
]

/** Free loopback ports, one per simulator listener, found by letting the simulators pick and releasing them. */
async function fixedPorts(stateDir: string): Promise<{ ports: Record<PortName, number>; adminUrl: string; stop: () => Promise<void> }> {
  const sims = await startSimulators({ stateDir, ports: { admin: 0, apns: 0, apnsH2c: 0, fcm: 0, fcmTls: 0, webpush: 0, webpushTls: 0 }, seed: 'external' })
  const port = (url: string) => Number(new URL(url).port)
  const e = sims.endpoints
  return { ports: { admin: port(e.admin), apns: port(e.apns), apnsH2c: port(e.apnsH2c), fcm: port(e.fcm), fcmTls: port(e.fcmTls), webpush: port(e.webpush), webpushTls: port(e.webpushTls) }, adminUrl: e.admin, stop: () => sims.close() }
}

function startReferenceDispatcherProcess(adminUrl: string, database: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'harness/cli/main.ts', 'dispatcher', 'serve', '--pushsim', adminUrl, '--port', '0', '--json', '--database', database], { stdio: ['ignore', 'pipe', 'inherit'] })
  cleanups.push(() => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGKILL')))))
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ url: (JSON.parse(line) as { url: string }).url, child }))
    child.once('exit', (code) => reject(new Error(`dispatcher exited ${code}`)))
  })
}

describe('pushsim run against an external dispatcher', () => {
  it('drives the reference dispatcher started as a separate process, over HTTP only, across a calendar jump', async () => {
    const dir = tempDir('pushsim-external-')
    const stateDir = join(dir, 'simulators')
    // The dispatcher reads the simulators' endpoints and credentials when it starts; the run then serves them on the same ports and state.
    const found = await fixedPorts(stateDir)
    const dispatcher = await startReferenceDispatcherProcess(found.adminUrl, join(dir, 'dispatcher.db'))
    await found.stop()
    const result = await runScenario({ plan: plan(twoDays), source: 'inline', sourceText: 'external', outDir: join(dir, 'run'), dispatcher: { mode: 'external', url: dispatcher.url }, ports: found.ports, stateDir, wallLimitMs: 90_000 })
    expect(result.status, `${result.message}\n${result.notes.join('\n')}`).toBe('passed')
    expect(result.dispatcher.mode).toBe('external')
    expect(result.phases.map((phase) => phase.skipped)).toEqual([undefined, undefined])
    const c = result.counters
    expect(c.planned).toBeGreaterThan(40)
    expect(c.accepted + c.bounced + c.failed + c.suppressed + c.expired).toBe(c.planned)
    expect(c.acceptedOnWire).toBe(c.accepted)
    // The second campaign went out a day after the calendar's start.
    expect(Date.parse(result.phases[1]!.startedAt!) - Date.parse(result.clock.start)).toBeGreaterThanOrEqual(86_400_000)
  }, 120_000)

  it('without the clock capability, the phase a day later is skipped with the reason, and the first one runs on the wall clock', async () => {
    const dir = tempDir('pushsim-noclock-')
    const stateDir = join(dir, 'simulators')
    const found = await fixedPorts(stateDir)
    const app = await startDispatcher({ database: join(dir, 'dispatcher.db'), seed: 'noclock', providers: await providersFromPushsim({ url: found.adminUrl }), http: { host: '127.0.0.1', port: 0 } })
    cleanups.push(() => app.close())
    await found.stop()
    const proxy = await hideClock(app.server!.url)
    cleanups.push(() => new Promise((resolve) => proxy.server.close(resolve)))
    const result = await runScenario({ plan: plan(twoDays), source: 'inline', sourceText: 'noclock', outDir: join(dir, 'run'), dispatcher: { mode: 'external', url: proxy.url }, ports: found.ports, stateDir, wallLimitMs: 90_000 })
    expect(result.status, result.message).toBe('passed')
    expect(result.dispatcher.capabilities).not.toContain('clock')
    expect(result.phases[0]!.skipped).toBeUndefined()
    expect(result.phases[1]!.skipped).toMatch(/clock capability/)
    expect(result.notes.join('\n')).toMatch(/phase day-2 skipped/)
    expect(result.clock.timeScale).toBe(1)
    expect(result.campaigns.find((campaign) => campaign.name === 'next-day')!.planned).toBe(0)
  }, 120_000)

  it('a dispatcher that stops answering mid-run ends the run as dispatcher-failed, with the failed call as evidence', async () => {
    const dir = tempDir('pushsim-stopped-')
    let stopped: ChildProcess | undefined
    const slow = plan([{ name: 'slow', at: '0s', executors: [{ executor: 'campaign', campaign: 'first', rate: '2/s' }] }], { clock: { start: '2026-05-04T10:00:00Z', timeScale: 1 } })
    const running = runScenario({
      plan: slow,
      source: 'inline',
      sourceText: 'stopped',
      outDir: dir,
      dispatcher: { mode: 'child' },
      callTimeoutMs: 1_500,
      wallLimitMs: 60_000,
      onDispatcherStarted: (target) => {
        stopped = target.child
        // Frozen a little into the campaign: the process lives, its sockets stay open, nothing answers.
        setTimeout(() => target.child?.kill('SIGSTOP'), 2_000)
      },
    })
    cleanups.push(() => stopped?.kill('SIGKILL'))
    const result = await running
    expect(result.status).toBe('dispatcher-failed')
    expect(result.message).toMatch(/stopped answering/)
    expect(result.message).toMatch(/no answer within 1500 ms|failed/)
  }, 90_000)
})

/** A proxy to the dispatcher that hides the clock capability and its routes, as a dispatcher without a clock would. */
function hideClock(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/clock')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no clock here' } }))
      return
    }
    const upstream = httpRequest(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
      if (req.url === '/health') {
        let body = ''
        answer.on('data', (chunk: Buffer) => (body += chunk.toString()))
        answer.on('end', () => {
          const health = JSON.parse(body) as { capabilities?: string[] }
          health.capabilities = (health.capabilities ?? []).filter((capability) => capability !== 'clock')
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(health))
        })
        return
      }
      res.writeHead(answer.statusCode!, answer.headers)
      answer.pipe(res)
    })
    req.pipe(upstream)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })))
}
