/** The APNs core names a request's subject (faults match on it) as its ledger note names it. */
import { describe, expect, it } from 'vitest'
import type { SimRequest } from '../../kernel/exchange.ts'
import { apnsFixture, DEVICE_TOKEN, PRODUCTION_HOST, pushRequest, type PushInit } from './test-support.ts'

describe('ApnsCore.subjectOf', () => {
  it.each<[string, PushInit]>([
    ['an accepted push (sandbox host)', {}],
    ['the production host', { authority: `${PRODUCTION_HOST}:443` }],
    ['an unknown host: the default environment', { authority: 'localhost:2197' }],
    ['an upper-case token, normalised', { token: DEVICE_TOKEN.toUpperCase() }],
    ['a malformed token', { token: 'not-hex' }],
    ['a query string', { path: `/3/device/${DEVICE_TOKEN}?x=1` }],
    ['a rejected provider token', { jwt: null }],
    ['a bad path', { path: '/3/device/a/b' }],
    ['a missing token', { path: '/3/device/' }],
  ])('%s: the flavour and target of the core note', async (_case, init) => {
    const fixture = await apnsFixture({ defaultEnvironment: 'production' })
    const request: SimRequest = pushRequest(fixture, init)
    const subject = fixture.core.subjectOf(request)
    const note = fixture.core.handle(request).note!
    expect({ flavour: subject.flavour, target: subject.target ?? '' }).toEqual({ flavour: note.flavour, target: note.target })
  })
})
