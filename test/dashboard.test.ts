/**
 * The live dashboard in a real browser (headless Chromium from Debian's
 * package, driven by playwright-core) during a real `pushsim run --ui`:
 * the token rule, the live exchange table, the run's progress and stats,
 * a fault added from the page whose 410s arrive in the table, a fault
 * changed and removed from the page, the language's problems shown, no
 * console errors and no request off loopback. Screenshots go to the run
 * directory under runs/ (ignored by git; CI keeps them as artifacts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../harness/cli/io.ts'
import { main } from '../harness/cli/main.ts'

const RUN_DIR = resolve(import.meta.dirname, '..', 'runs', 'dashboard-test')
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync']

// Transactional sends for a minute of wall time (scale 1), so exchanges keep coming while the page is driven; a campaign for the stats panel.
const SCENARIO = `
name: dashboard
seed: dashboard
clock: { start: 2026-06-01T10:00:00Z, timeScale: 1 }
audience: { persons: 80, locales: en-US, devices: { perPerson: { 1: 1 }, channels: { apns: 0.5, fcm: 0.3, webpush-chrome: 0.2 }, appStates: { foreground: 1 } } }
campaigns: [{ name: hello, template: { title: Hello } }]
messages: [{ name: code, template: { title: Your code } }]
workload: { phases: [{ name: go, executors: [{ executor: campaign, campaign: hello, rate: 10/s }, { executor: constant-arrival-rate, message: code, rate: 4/s, duration: 60s }] }] }
`

let browser: Browser | undefined
let stop: (signal: string) => void = () => {}
let exited: Promise<number> | undefined
let stderr = ''
let openUrl = ''
let base = ''

beforeAll(async () => {
  rmSync(RUN_DIR, { recursive: true, force: true })
  mkdirSync(RUN_DIR, { recursive: true })
  const scenario = join(RUN_DIR, 'dashboard.scenario.yaml')
  writeFileSync(scenario, SCENARIO)
  const stopped = new Promise<string>((resolve) => (stop = resolve))
  let urlSeen: (url: string) => void = () => {}
  const urlPrinted = new Promise<string>((resolve) => (urlSeen = resolve))
  const io: CliIo = {
    out: () => {},
    err: (text) => {
      stderr += text
      const url = /Dashboard {2}(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stderr)?.[1]
      if (url) urlSeen(url)
    },
    env: {},
    untilStopped: () => stopped,
  }
  exited = main(['run', scenario, '--ui', '--ui-port', '0', '--out', RUN_DIR, '--timeout', '120'], io)
  openUrl = await Promise.race([urlPrinted, exited.then((code) => Promise.reject(new Error(`pushsim run exited ${code} before the dashboard: ${stderr}`)))])
  base = openUrl.slice(0, openUrl.indexOf('?'))
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
}, 30_000)

afterAll(async () => {
  await browser?.close()
  stop('SIGTERM')
  // The stopped run still writes its result: it ends as not settled.
  await exited
}, 60_000)

/** A page whose console errors, page errors and requests are recorded. */
async function watchedPage(): Promise<{ page: Page; problems: string[]; requests: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1600, height: 1100 } })
  const page = await context.newPage()
  const problems: string[] = []
  const requests: string[] = []
  // Chromium logs every 4xx answer to a fetch as a console error: the one the refused shorthand got is told apart by its address.
  page.on('console', (message) => void (message.type() === 'error' && problems.push(`${message.text()} (${message.location().url})`)))
  page.on('pageerror', (error) => void problems.push(error.message))
  page.on('request', (request) => void requests.push(request.url()))
  return { page, problems, requests }
}

describe('the dashboard during pushsim run --ui', () => {
  it('refuses the page without the token', async () => {
    const context = await browser!.newContext()
    const page = await context.newPage()
    expect((await page.goto(base))?.status()).toBe(401)
    expect((await page.goto(`${base}?token=wrong`))?.status()).toBe(401)
    expect(await page.textContent('body')).toContain('UNAUTHENTICATED')
    await context.close()
  })

  it('shows live exchanges and the run, adds a fault from the page and sees its 410s arrive, changes and removes faults', async () => {
    const { page, problems, requests } = await watchedPage()
    const answer = await page.goto(openUrl)
    expect(answer?.status()).toBe(200)
    // The token left the address for a cookie.
    expect(page.url()).toBe(base)
    await expect.poll(() => page.textContent('#connection'), { timeout: 10_000 }).toBe('live')

    // Exchanges arrive, and the run's panel follows the run.
    await page.locator('#exchanges tbody tr').first().waitFor({ timeout: 20_000 })
    await expect.poll(() => page.getAttribute('#run-panel', 'data-state'), { timeout: 10_000 }).toBe('running')
    await expect.poll(() => page.textContent('#progress [data-field="phase"]'), { timeout: 10_000 }).toBe('go')
    await expect.poll(async () => Number(await page.textContent('#campaigns tr[data-campaign="hello"] td:nth-child(3)')), { timeout: 15_000 }).toBeGreaterThan(0)

    // A shorthand the language refuses: its problem, with its path, on the page; nothing added.
    await page.fill('#shorthand', 'apns:error=Unregistred')
    await page.click('#shorthand-form button[type="submit"]')
    await page.locator('#fault-error li').first().waitFor()
    expect(await page.textContent('#fault-error')).toContain('error: unknown error code "Unregistred"')
    expect(await page.locator('#faults tbody tr').count()).toBe(0)

    // Every APNs send answered 410 Unregistered, from the shorthand field.
    await page.fill('#shorthand', 'apns:error=Unregistered')
    await page.click('#shorthand-form button[type="submit"]')
    await page.locator('#faults tbody tr', { hasText: 'Unregistered' }).waitFor()
    expect(await page.isHidden('#fault-error')).toBe(true)
    await page.locator('#exchanges tbody tr[data-provider="apns"][data-status="410"]').first().waitFor({ timeout: 20_000 })
    expect(await page.textContent('#exchanges tbody tr[data-provider="apns"][data-status="410"]')).toContain('Unregistered')
    const column = (await page.locator('#counters thead th').allTextContents()).indexOf('410')
    expect(column).toBeGreaterThan(0)
    expect(Number(await page.locator('#counters tbody tr[data-provider="apns"] td').nth(column).textContent())).toBeGreaterThan(0)
    await page.screenshot({ path: join(RUN_DIR, 'dashboard.png'), fullPage: true })

    // An FCM fault from the structured form, then changed to half the sends.
    await page.selectOption('#fault-form select[name="provider"]', 'fcm')
    await page.selectOption('#fault-form select[name="type"]', 'error')
    await page.fill('#fault-form input[data-attribute="code"]', 'UNAVAILABLE')
    await page.fill('#fault-form input[name="id"]', 'fcm-down')
    await page.click('#fault-submit')
    await page.locator('#faults tbody tr[data-fault="fcm-down"]').waitFor()
    await page.click('#faults tbody tr[data-fault="fcm-down"] button[data-action="change"]')
    await page.fill('#fault-form input[name="probability"]', '0.5')
    await page.click('#fault-submit')
    await expect.poll(() => page.textContent('#faults tbody tr[data-fault="fcm-down"] td:nth-child(4)')).toBe('0.5')
    await page.locator('#fault-panel').screenshot({ path: join(RUN_DIR, 'dashboard-faults.png') })

    // Removed from the page: the table empties.
    for (const id of await page.locator('#faults tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-fault')))) {
      await page.click(`#faults tbody tr[data-fault="${id}"] button[data-action="remove"]`)
    }
    await expect.poll(() => page.locator('#faults tbody tr').count()).toBe(0)
    expect(await page.isVisible('#no-faults')).toBe(true)

    const origin = new URL(base).origin
    expect(problems).toEqual([`Failed to load resource: the server responded with a status of 400 (Bad Request) (${origin}/api/faults)`])
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([])
    expect(requests).toContain(`${origin}/assets/chart.umd.min.js`)
  }, 90_000)
})


describe('the dashboard under pushsim serve --ui', () => {
  it('opens with the admin token, which it never prints, and says there is no run', async () => {
    const token = 'serve-dashboard-admin-token'
    const stateDir = mkdtempSync(join(tmpdir(), 'pushsim-dashboard-serve-'))
    let out = ''
    let stopServe: (signal: string) => void = () => {}
    const stopped = new Promise<string>((resolve) => (stopServe = resolve))
    const io: CliIo = { out: (text) => void (out += text), err: () => {}, env: { PUSHSIM_ADMIN_TOKEN: token }, untilStopped: () => stopped }
    const ports = ['admin', 'apns', 'apns-h2c', 'fcm', 'fcm-tls', 'webpush', 'webpush-tls'].flatMap((name) => [`--${name}-port`, '0'])
    const serving = main(['serve', '--ui', '--ui-port', '0', '--state-dir', stateDir, ...ports], io)
    try {
      await expect.poll(() => out, { timeout: 15_000 }).toMatch(/Dashboard {2}http:\/\/127\.0\.0\.1:\d+\/\?token=<admin token>/)
      expect(out).not.toContain(token)
      const address = /Dashboard {2}(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!
      const { page, problems } = await watchedPage()
      expect((await page.goto(`${address}?token=${token}`))?.status()).toBe(200)
      await expect.poll(() => page.textContent('#connection'), { timeout: 10_000 }).toBe('live')
      expect(await page.isVisible('#no-run')).toBe(true)
      expect(await page.isHidden('#run-body')).toBe(true)
      expect(await page.textContent('#no-run')).toContain('No run')
      expect(await page.textContent('#simulators')).toContain('seed ')
      expect(problems).toEqual([])
      await page.context().close()
    } finally {
      stopServe('SIGTERM')
      expect(await serving).toBe(0)
      rmSync(stateDir, { recursive: true, force: true })
    }
  }, 60_000)
})
