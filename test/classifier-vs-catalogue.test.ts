/**
 * The reference dispatcher's classifier (dispatcher/policy) and pushsim's
 * error catalogue (simulators/catalogue) read every failure the same way.
 * They share no code: each is written from push-semantics.md §3–4 and
 * protocols.md §1.7/§4. For every catalogue entry and every wire target it
 * has, its wire form is rendered as a simulator answers it, handed to the
 * dispatcher as its sender would report it, and classified: the dashboard
 * code, the class and the action must be the entry's.
 */
import { describe, expect, it } from 'vitest'
import type { Channel } from '../dispatcher/model/channel.ts'
import { classify } from '../dispatcher/policy/classify.ts'
import type { ProviderResult } from '../dispatcher/senders/sender.ts'
import { notSent } from '../dispatcher/senders/transport-error.ts'
import { CATALOGUE, findEntry, renderWire, type CatalogueEntry, type RenderedWire, type WireTarget } from '../simulators/catalogue/index.ts'
import { manualClock } from '../simulators/kernel/clock.ts'
import { createRng } from '../simulators/kernel/rng.ts'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)

const CHANNEL_OF: Readonly<Record<WireTarget, Channel>> = {
  apns: 'apns',
  fcm: 'fcm',
  chrome: 'webpush-chrome',
  firefox: 'webpush-firefox',
  kaios: 'webpush-kaios',
  safari: 'webpush-safari',
}

/**
 * What the dispatcher's sender reports for a rendered form. Answers are
 * responses; the connection-level forms are transport errors worded as the
 * senders word them: a GOAWAY as dispatcher/senders/apns-stream.ts reports a
 * stream above its last stream id, with APNs' debug data at the end; a reset
 * as a stream closed without an answer; a hang as the read timeout firing.
 */
function providerResult(rendered: RenderedWire): ProviderResult {
  switch (rendered.kind) {
    case 'respond': {
      const { status, headers, body } = rendered.response
      return { kind: 'response', status, headers: { ...headers }, body: body === undefined ? '' : body.toString() }
    }
    case 'goaway': {
      const message = `stream 1 not processed after GOAWAY (code ${rendered.code}, last stream 0) ${rendered.debug ?? ''}`.trimEnd()
      return { kind: 'transport-error', error: 'goaway', message }
    }
    case 'reset':
      return { kind: 'transport-error', error: 'reset', message: 'stream 1 closed without an answer (RST_STREAM none; ECONNRESET: read ECONNRESET)' }
    case 'hang':
      return { kind: 'transport-error', error: 'read-timeout', message: 'no answer within 30000 ms' }
  }
}

interface Reading {
  code: string
  class: string
  action: string
}

/** The dispatcher's reading, its code named as the catalogue names it (`BadRequest` is the alias of `safari_bad_request`). */
function dispatcherReading(entry: CatalogueEntry, target: WireTarget): Reading | { outcome: 'accepted' } {
  const rendered = renderWire(entry.wire[target]!, { target, rng: createRng(`classifier/${entry.name}/${target}`), clock: manualClock(NOW) })
  const classification = classify(CHANNEL_OF[target], providerResult(rendered), NOW)
  if (classification.outcome === 'accepted') return { outcome: 'accepted' }
  const named = findEntry(classification.code)
  const code = named !== undefined && named.kind !== 'provider' ? named.name : `${classification.code} (not a dashboard code)`
  return { code, class: classification.class, action: classification.action }
}

const catalogueReading = (entry: CatalogueEntry): Reading => ({ code: entry.dashboard, class: entry.class, action: entry.action })

const cases = CATALOGUE.flatMap((entry) => (Object.keys(entry.wire) as WireTarget[]).map((target) => [entry.name, target, entry] as const))

describe('the dispatcher classifies every catalogue answer as the catalogue does', () => {
  it('covers every entry that has a wire form, on each of its targets', () => {
    expect(cases.length).toBeGreaterThan(150)
    expect(new Set(cases.map(([name]) => name)).size).toBe(CATALOGUE.filter((entry) => Object.keys(entry.wire).length > 0).length)
  })

  it.each(cases)('%s on %s', (_name, target, entry) => {
    expect(dispatcherReading(entry, target)).toEqual(catalogueReading(entry))
  })

  it('leaves no disagreement', () => {
    const disagreements = cases.flatMap(([name, target, entry]) => {
      const dispatcher = dispatcherReading(entry, target)
      const catalogue = catalogueReading(entry)
      return JSON.stringify(dispatcher) === JSON.stringify(catalogue) ? [] : [`${name} on ${target}: dispatcher ${JSON.stringify(dispatcher)}, catalogue ${JSON.stringify(catalogue)}`]
    })
    expect(disagreements).toEqual([])
  })

  it('reads a send that never left the dispatcher as the non-provider credentials_not_found', () => {
    const classification = classify('apns', notSent('APNs needs a device token address'), NOW)
    const entry = findEntry('credentials_not_found')!
    expect(classification).toMatchObject({ outcome: 'error', code: entry.dashboard, class: entry.class, action: entry.action })
  })
})
