/** The Web Push core names a push's subject (faults match on it) as its ledger note names it. */
import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../kernel/exchange.ts'
import { buildRequest } from '../../kernel/request.ts'
import { AUTHORITY, harness, subscribe } from './test-support.ts'
import type { Browser } from './types.ts'

describe('WebPushCore.subjectOf', () => {
  it.each<Browser>(['chrome', 'firefox', 'kaios', 'safari'])('%s: the flavour and target of the core note, known id or not', (browser) => {
    const h = harness()
    const sub = subscribe(h, browser)
    const path = new URL(sub.subscription.endpoint).pathname
    for (const requestPath of [path, `${path.slice(0, -4)}zzzz`]) {
      const request = buildRequest({ path: requestPath, authority: AUTHORITY, headers: { ttl: '60' } })
      const subject = h.core.subjectOf(request)
      const { note } = h.core.handle(request) as Outcome
      expect(subject).toEqual({ flavour: note?.flavour, target: note?.target })
    }
  })

  it('names no target for a path that names no subscription, and no flavour for one outside every flavour', () => {
    const h = harness()
    expect(h.core.subjectOf(buildRequest({ path: '/wpush/v9/abc' }))).toEqual({ flavour: 'firefox', target: undefined })
    expect(h.core.subjectOf(buildRequest({ path: '/nowhere' }))).toEqual({ flavour: undefined, target: undefined })
  })
})
