/**
 * The web push cores answer byte for byte as the catalogue's forms do (moved
 * from the catalogue's render.test.ts, which may import nothing of the providers).
 */
import { describe, expect, it } from 'vitest'
import { findEntry, renderWire, type RenderContext, type WireSpec, type WireTarget } from '../../catalogue/index.ts'
import { manualClock } from '../../kernel/clock.ts'
import { createRng } from '../../kernel/rng.ts'
import { push, setupFor } from './test-support.ts'
import type { Browser } from './types.ts'

const ctx = (target: WireTarget, extra: Partial<RenderContext> = {}): RenderContext => ({
  target,
  rng: createRng('render'),
  clock: manualClock(),
  ...extra,
})
const spec = (name: string, target: WireTarget): WireSpec => findEntry(name)!.wire[target]!
const respond = (wire: WireSpec, context: RenderContext) => {
  const rendered = renderWire(wire, context)
  if (rendered.kind !== 'respond') throw new Error(`expected a response, got ${rendered.kind}`)
  return rendered.response
}

describe('renderWire matches the web push cores byte for byte', () => {
  const BROWSERS: readonly Browser[] = ['chrome', 'firefox', 'kaios', 'safari']

  it.each(BROWSERS)('web push (%s): browser_unsubscribed is the core’s own 410', (browser) => {
    const [h, sub] = setupFor(browser)()
    h.core.unsubscribe(sub.id)
    const own = push(h, sub).response
    const rendered = respond(spec('browser_unsubscribed', browser), ctx(browser, { apnsId: own.headers['apns-id'] }))
    expect(rendered).toEqual({ ...own, body: String(own.body) })
  })

  it.each([
    ['firefox', 'end_point_invalid'],
    ['kaios', 'end_point_invalid'],
    ['safari', 'end_point_invalid'],
    ['chrome', 'push_unreg'],
  ] as const)('web push (%s): %s is the core’s own 404 for an unknown subscription', (browser, name) => {
    const [h, sub] = setupFor(browser)()
    const own = push(h, sub, { path: `${new URL(sub.subscription.endpoint).pathname}/extra` }).response
    const rendered = respond(spec(name, browser), ctx(browser, { apnsId: own.headers['apns-id'] }))
    expect(rendered).toEqual({ ...own, body: String(own.body) })
  })
})
