/**
 * The HTML report in a real browser (headless Chromium from Debian, driven
 * by playwright-core): `pushsim run` of the library's A/B scenario writes
 * report.html; opened from disk, every chart's canvas has drawn pixels, the
 * page logs no console error and throws nothing, asks the network for
 * nothing beyond the file itself, and weighs under 2 MB. A hostile scenario
 * name, campaign name and evidence note render as text, never as markup.
 * A full-page screenshot is taken in the run directory, removed with it.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../harness/result/run-result.ts'
import { renderHtml } from '../reports/html/page.ts'
import { runCli } from './support/cli.ts'
import { tempDir } from './support/temp-dir.ts'

const SCENARIO = 'scenarios/library/ab-control.scenario.yaml'
const HOSTILE = `</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & "quotes"`
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync']

/** The page's globals as the functions run in the browser use them (the project compiles without the DOM library). */
interface PageCanvas {
  id: string
  width: number
  height: number
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray } } | null
  toDataURL(type: string): string
}
declare const document: { querySelectorAll(selector: string): Iterable<PageCanvas>; createElement(tag: 'canvas'): PageCanvas; body: { appendChild(node: PageCanvas): unknown; innerText: string } }
declare const window: { __pwned?: unknown }

declare const getComputedStyle: (element: unknown) => { display: string }

interface PageReading {
  /** The report's canvases, and our blank control last. */
  canvases: { id: string; drawn: boolean }[]
  consoleErrors: string[]
  pageErrors: string[]
  /** Every request the page made, the file itself included. */
  requests: string[]
  pwned: unknown
  text: string
  /** Errors after switching every trend chart to week and month and back. */
  switchErrors: string[]
  /** Under print media: whether the navigation is hidden, and the canvases still drawn. */
  print: { navHidden: boolean; blankCanvases: number }
}

describe('the HTML report in headless Chromium', () => {
  let dir: string
  let browser: Browser
  let context: BrowserContext
  beforeAll(async () => {
    dir = tempDir('report-html-')
    const run = await runCli(['run', SCENARIO, '--out', dir, '--timeout', '120'])
    // 8: the oracle may fail a case on a loaded machine (timeouts scaled below its latency); the report is written either way.
    expect([0, 8], run.err).toContain(run.code)
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS, timeout: 30_000 })
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  }, 180_000)
  afterAll(async () => {
    await context?.close()
    await browser?.close()
  })

  async function open(path: string, screenshot?: string): Promise<PageReading> {
    const page = await context.newPage()
    const reading: PageReading = { canvases: [], consoleErrors: [], pageErrors: [], requests: [], pwned: undefined, text: '', switchErrors: [], print: { navHidden: false, blankCanvases: -1 } }
    page.on('console', (message) => void (message.type() === 'error' && reading.consoleErrors.push(message.text())))
    page.on('pageerror', (error) => void reading.pageErrors.push(String(error)))
    const self = pathToFileURL(path).href
    // Everything but the file itself is refused, and counted.
    await page.route('**/*', (route) => {
      reading.requests.push(route.request().url())
      return route.request().url() === self ? route.continue() : route.abort()
    })
    await page.goto(self, { waitUntil: 'load', timeout: 30_000 })
    // A blank canvas of our own goes through the same check: it must read as not drawn, or the check proves nothing.
    await page.evaluate(() => void document.body.appendChild(Object.assign(document.createElement('canvas'), { id: 'blank-control', width: 300, height: 150 })))
    const readCanvases = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('canvas')].map((canvas) => {
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
          let drawn = false
          for (let i = 3; i < data.length && !drawn; i += 4) drawn = data[i]! > 0
          return { id: canvas.id, drawn: drawn && canvas.toDataURL('image/png').length > 1000 }
        }),
      )
    reading.canvases = await readCanvases()
    reading.pwned = await page.evaluate(() => window.__pwned)
    reading.text = await page.evaluate(() => document.body.innerText)
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true, timeout: 30_000 })
    const before = reading.pageErrors.length + reading.consoleErrors.length
    for (const view of ['week', 'month', 'day']) for (const button of await page.locator(`.switch button[data-view="${view}"]`).all()) await button.click({ timeout: 5_000 })
    reading.switchErrors = [...reading.pageErrors, ...reading.consoleErrors].slice(before)
    await page.emulateMedia({ media: 'print' })
    reading.print = {
      navHidden: await page.evaluate(() => [...document.querySelectorAll('nav')].every((nav) => getComputedStyle(nav).display === 'none')),
      blankCanvases: (await readCanvases()).filter((canvas) => !canvas.drawn && canvas.id !== 'blank-control').length,
    }
    await page.close()
    return reading
  }

  it('draws every chart, logs no error, reaches no network, and stays under 2 MB', async () => {
    const path = join(dir, 'report.html')
    expect(statSync(path).size).toBeLessThan(2 * 1024 * 1024)
    const reading = await open(path, join(dir, 'report.png'))
    const result = JSON.parse(readFileSync(join(dir, 'run-result.json'), 'utf8')) as RunResult
    // Per campaign: trend, impressions by OS and by device, funnel; then throughput, latency and attempts.
    expect(reading.canvases.length).toBeGreaterThanOrEqual(result.campaigns.length * 4 + 3 + 1)
    expect(reading.canvases.filter((canvas) => !canvas.drawn)).toEqual([{ id: 'blank-control', drawn: false }])
    expect(reading.consoleErrors).toEqual([])
    expect(reading.pageErrors).toEqual([])
    expect(reading.requests).toEqual([pathToFileURL(path).href])
    expect(statSync(join(dir, 'report.png')).size).toBeGreaterThan(10_000)
    expect(reading.switchErrors).toEqual([])
    expect(reading.print).toEqual({ navHidden: true, blankCanvases: 0 })
    // The stats page shows the dispatcher's figures with the oracle's beside them.
    expect(reading.text).toContain('autumn-offer')
    expect(reading.text).toMatch(/Sent\s+[\d,]+\s+oracle [\d,]+ =/)
    expect(reading.text).toMatch(/Control-group uplift/)
  }, 90_000)

  it('renders a hostile scenario name, campaign name and evidence as text', async () => {
    const result = JSON.parse(readFileSync(join(dir, 'run-result.json'), 'utf8')) as RunResult
    const conformance = result.conformance!
    const hostile: RunResult = {
      ...result,
      scenario: { ...result.scenario, name: HOSTILE },
      campaigns: result.campaigns.map((campaign) => ({ ...campaign, name: HOSTILE })),
      notes: [HOSTILE],
      conformance: { ...conformance, cases: [{ ...conformance.cases[0]!, verdict: 'fail', reason: HOSTILE, evidence: [{ note: HOSTILE, seq: [1, 2] }] }, ...conformance.cases.slice(1)] },
    }
    const path = join(dir, 'hostile.html')
    writeFileSync(path, renderHtml(hostile))
    const reading = await open(path)
    expect(reading.pwned).toBeUndefined()
    expect(reading.pageErrors).toEqual([])
    expect(reading.canvases.filter((canvas) => !canvas.drawn)).toEqual([{ id: 'blank-control', drawn: false }])
    expect(reading.text.split(HOSTILE).length - 1).toBeGreaterThanOrEqual(4)
  }, 60_000)

  it('renders a conformance run (no campaign, many cases, no wire series) with its charts drawn', async () => {
    const result = JSON.parse(readFileSync(join(dir, 'run-result.json'), 'utf8')) as RunResult
    const cases = Array.from({ length: 40 }, (_, round) => result.conformance!.cases.map((item) => ({ ...item, id: `${item.id}.${round}` }))).flat()
    const { wire: _wire, ...rest } = result
    const conformanceRun: RunResult = { ...rest, campaigns: [], conformance: { ...result.conformance!, cases } }
    const path = join(dir, 'conformance.html')
    writeFileSync(path, renderHtml(conformanceRun))
    expect(statSync(path).size).toBeLessThan(2 * 1024 * 1024)
    const reading = await open(path)
    expect(reading.pageErrors).toEqual([])
    expect(reading.consoleErrors).toEqual([])
    expect(reading.canvases.length).toBeGreaterThan(1)
    expect(reading.canvases.filter((canvas) => !canvas.drawn)).toEqual([{ id: 'blank-control', drawn: false }])
    expect(reading.text).toContain('No campaign in this run.')
    expect(reading.text.match(/^✗\t/gm)?.length ?? 0).toBe(cases.filter((item) => item.verdict === 'fail').length)
  }, 60_000)
})
