/** The catalogue as data: completeness per family, names, bases, classes and its JSON. */
import { describe, expect, it } from 'vitest'
import { manualClock } from '../kernel/clock.ts'
import { createRng } from '../kernel/rng.ts'
import { CATALOGUE, catalogueJson, findEntry, providersOf, renderWire, wireFor, type CatalogueEntry, type WireTarget } from './index.ts'

const render = (name: string, target: WireTarget) =>
  renderWire(findEntry(name)!.wire[target]!, { target, rng: createRng('test'), clock: manualClock(), apnsId: 'id' })
const respondOf = (name: string, target: WireTarget) => {
  const rendered = render(name, target)
  if (rendered.kind !== 'respond') throw new Error(`${name} on ${target} is ${rendered.kind}`)
  return rendered.response
}

// protocols.md §1.7, Apple's table.
const APNS_STATUS: Record<string, number> = {
  BadCollapseId: 400, BadDeviceToken: 400, BadExpirationDate: 400, BadMessageId: 400, BadPriority: 400, BadTopic: 400,
  DeviceTokenNotForTopic: 400, DuplicateHeaders: 400, IdleTimeout: 400, InvalidPushType: 400, MissingDeviceToken: 400,
  MissingTopic: 400, PayloadEmpty: 400, TopicDisallowed: 400, BadCertificate: 403, BadCertificateEnvironment: 403,
  ExpiredProviderToken: 403, Forbidden: 403, InvalidProviderToken: 403, MissingProviderToken: 403, UnrelatedKeyIdInToken: 403,
  BadEnvironmentKeyInToken: 403, BadPath: 404, MethodNotAllowed: 405, ExpiredToken: 410, Unregistered: 410, PayloadTooLarge: 413,
  TooManyProviderTokenUpdates: 429, TooManyRequests: 429, InternalServerError: 500, ServiceUnavailable: 503, Shutdown: 503,
}

// §2.5 codes (UNSPECIFIED_ERROR's 500 is §4.4's pick) and §2.6's OAuth reasons.
const FCM_STATUS: Record<string, number> = {
  UNSPECIFIED_ERROR: 500, INVALID_ARGUMENT: 400, UNREGISTERED: 404, SENDER_ID_MISMATCH: 403, QUOTA_EXCEEDED: 429, UNAVAILABLE: 503,
  INTERNAL: 500, THIRD_PARTY_AUTH_ERROR: 401, APNS_AUTH_ERROR: 401, UNREGISTERED_FID: 404, ACCESS_TOKEN_EXPIRED: 401, CREDENTIALS_MISSING: 401,
}

// §3.4 errno table.
const AUTOPUSH_STATUS: Record<number, number> = {
  101: 400, 102: 404, 103: 410, 104: 413, 105: 410, 106: 410, 108: 400, 109: 401, 110: 400, 111: 400, 112: 400, 113: 400, 114: 400,
  201: 503, 202: 503, 900: 502, 901: 502, 902: 502, 903: 502, 999: 500,
}

// §3.6 reasons with the "likely status" pairing; Unregistered for the undocumented 410.
const SAFARI_STATUS: Record<string, number> = {
  BadTtl: 400, BadUrgency: 400, BadWebPushRequest: 400, BadWebPushTopic: 400, VapidPkHashMismatch: 403, IdleTimeout: 400,
  BadAuthorizationHeader: 403, BadJwtToken: 403, BadVapidPublicKey: 403, BadPath: 404, MethodNotAllowed: 405, PayloadTooLarge: 413,
  TooManyRequests: 429, InternalServerError: 500, ServiceUnavailable: 503, Shutdown: 503, Unregistered: 410,
}

describe('APNs reasons (§1.7)', () => {
  it.each(Object.entries(APNS_STATUS))('%s renders %i with {"reason":…}', (reason, status) => {
    const response = respondOf(reason, 'apns')
    expect(response.status).toBe(status)
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'apns-id': 'id' })
    expect(JSON.parse(String(response.body))).toEqual(status === 410 ? { reason, timestamp: Date.UTC(2026, 0, 1) } : { reason })
  })

  it('has no APNs reason beyond the table, and answers the doc spelling with the wire spelling', () => {
    const reasons = CATALOGUE.filter((e) => e.provider === 'apns' && e.kind === 'provider' && !e.name.startsWith('goaway:')).map((e) => e.name)
    expect(reasons.sort()).toEqual(Object.keys(APNS_STATUS).sort())
    expect(findEntry('BadEnvironmentKeyIdInToken')?.name).toBe('BadEnvironmentKeyInToken')
    expect(respondOf('BadEnvironmentKeyIdInToken', 'apns').body).toBe('{"reason":"BadEnvironmentKeyInToken"}')
  })

  it('closes with GOAWAY(NO_ERROR) and the reason as debug data for the goaway: forms', () => {
    expect(render('goaway:BadCertificateEnvironment', 'apns')).toEqual({ kind: 'goaway', code: 0, debug: '{"reason":"BadCertificateEnvironment"}' })
    expect(findEntry('goaway:Shutdown')).toMatchObject({ class: 'transient', basis: 'interp' })
  })
})

describe('provider families', () => {
  it.each(Object.entries(FCM_STATUS))('FCM %s renders %i', (code, status) => {
    expect(respondOf(code, 'fcm').status).toBe(status)
  })

  it('answers an expired OAuth token with ErrorInfo and no FcmError detail (§2.6)', () => {
    const details = JSON.parse(String(respondOf('ACCESS_TOKEN_EXPIRED', 'fcm').body)).error.details
    expect(details.map((d: { '@type': string }) => d['@type'])).toEqual(['type.googleapis.com/google.rpc.ErrorInfo'])
  })

  it.each(Object.entries(AUTOPUSH_STATUS))('autopush:%s renders %i on firefox and kaios', (errno, status) => {
    for (const target of ['firefox', 'kaios'] as const) {
      const response = respondOf(`autopush:${errno}`, target)
      expect(response.status).toBe(status)
      expect(JSON.parse(String(response.body))).toMatchObject({ code: status, errno: Number(errno) })
    }
  })

  it('puts Cache-Control on autopush 410s and Retry-After: 120 on its 503s (§3.4)', () => {
    expect(respondOf('autopush:106', 'firefox').headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'max-age=86400' })
    expect(respondOf('autopush:201', 'kaios').headers).toEqual({ 'content-type': 'application/json', 'retry-after': '120' })
    expect(respondOf('autopush:202', 'firefox').headers['retry-after']).toBe('120')
  })

  it.each(Object.entries(SAFARI_STATUS))('safari:%s renders %i', (reason, status) => {
    const response = respondOf(`safari:${reason}`, 'safari')
    expect(response.status).toBe(status)
    expect(response.body).toBe(`{"reason":"${reason}"}`)
  })

  it('answers Chrome in plain text', () => {
    expect(respondOf('chrome:gone', 'chrome')).toEqual({
      status: 410,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'push subscription has unsubscribed or expired.\n',
    })
    expect(respondOf('chrome:invalid-jwt', 'chrome').status).toBe(403)
    expect(respondOf('chrome:rate-limited', 'chrome').status).toBe(429)
    expect(respondOf('chrome:unavailable', 'chrome').status).toBe(503)
  })

  it('lists the five non-provider failures with no provider and no wire', () => {
    const names = ['missing_template_variable', 'person_not_found', 'person_unsubscribed', 'credentials_not_found', 'frequency_exceeded']
    expect(CATALOGUE.filter((e) => e.kind === 'non-provider').map((e) => e.name)).toEqual(names)
    for (const name of names) expect(findEntry(name)).toMatchObject({ provider: null, wire: {}, retry: false, action: 'fail' })
    expect(findEntry('missing_template_variable')?.class).toBe('bad-message')
    expect(findEntry('credentials_not_found')?.class).toBe('configuration')
  })
})

describe('classes and actions (push-semantics §4)', () => {
  it.each([
    ['TooManyRequests', 'transient', 'retry', true],
    ['UNAVAILABLE', 'transient', 'retry', true],
    ['autopush:201', 'transient', 'retry', true],
    ['ExpiredProviderToken', 'credentials', 'refresh-credential-and-retry', true],
    ['ACCESS_TOKEN_EXPIRED', 'credentials', 'refresh-credential-and-retry', true],
    ['BadCertificate', 'configuration', 'fail', false],
    ['autopush:109', 'configuration', 'fail', false],
    ['PayloadTooLarge', 'bad-message', 'fail', false],
    ['INVALID_ARGUMENT', 'bad-message', 'fail', false],
    ['Unregistered', 'dead-address', 'bounce', false],
    ['UNREGISTERED', 'dead-address', 'bounce', false],
    ['chrome:gone', 'dead-address', 'bounce', false],
  ] as const)('%s is %s: %s', (name, errorClass, action, retry) => {
    expect(findEntry(name)).toMatchObject({ class: errorClass, action, retry })
  })

  const responds = (entry: CatalogueEntry) => Object.values(entry.wire).flatMap((spec) => (spec.kind === 'respond' ? [spec] : []))

  it('classes every 429 and 5xx as transient, but for the documented exceptions', () => {
    // apns_temp_blacklist is configuration (push-semantics §4) and TooManyProviderTokenUpdates is its wire form (§4.1).
    const exceptions = ['apns_temp_blacklist', 'TooManyProviderTokenUpdates', 'UNSPECIFIED_ERROR']
    const offenders = CATALOGUE.filter((e) => responds(e).some((s) => s.status === 429 || s.status >= 500) && e.class !== 'transient').map((e) => e.name)
    expect(offenders).toEqual(exceptions)
  })

  it('classes every 410 as a dead address, and only 410s carry a timestamp', () => {
    expect(CATALOGUE.filter((e) => responds(e).some((s) => s.status === 410) && e.class !== 'dead-address')).toEqual([])
    expect(CATALOGUE.flatMap(responds).filter((s) => s.timestamp === true && s.status !== 410)).toEqual([])
  })
})

describe('dashboard codes (push-semantics §3)', () => {
  const reportable = new Set(CATALOGUE.filter((e) => e.kind !== 'provider').map((e) => e.name))

  it('reports dashboard and non-provider entries under their own name', () => {
    for (const entry of CATALOGUE) if (entry.kind !== 'provider') expect(entry.dashboard, entry.name).toBe(entry.name)
  })

  it('reports every provider entry under a dashboard code (or a non-provider failure), whose class it shares', () => {
    for (const entry of CATALOGUE.filter((e) => e.kind === 'provider')) {
      expect(reportable.has(entry.dashboard), `${entry.name} → ${entry.dashboard}`).toBe(true)
      // A code's class is fixed (§4), but for apns_auth_error, whose ExpiredProviderToken exception (§4.1) is credentials.
      if (entry.dashboard !== 'apns_auth_error') expect(entry.class, entry.name).toBe(findEntry(entry.dashboard)!.class)
    }
  })

  it.each([
    ['BadDeviceToken', 'apns_token_format'],
    ['MissingDeviceToken', 'apns_token_format'],
    ['TooManyProviderTokenUpdates', 'apns_temp_blacklist'],
    ['goaway:Shutdown', 'safari_server_unavailable'],
    ['UNREGISTERED', 'push_unreg'],
    ['autopush:106', 'token_invalid'],
    ['chrome:gone', 'browser_unsubscribed'],
    ['safari:Unregistered', 'browser_unsubscribed'],
  ])('%s is reported as %s', (name, code) => {
    expect(findEntry(name)!.dashboard).toBe(code)
  })
})

describe('names, aliases and tags', () => {
  it('has unique names and aliases across the catalogue', () => {
    const all = CATALOGUE.flatMap((e) => [e.name, ...e.aliases])
    expect(all.length).toBe(new Set(all).size)
  })

  it('finds by name or alias, case-sensitively', () => {
    expect(findEntry('APNS_AUTH_ERROR')?.name).toBe('THIRD_PARTY_AUTH_ERROR')
    expect(findEntry('UNREGISTERED_APNS')?.name).toBe('fcm:unregistered-apns')
    expect(findEntry('DeviceTokenInactiveForTopic')?.name).toBe('safari_device_token_inactive_for_topic')
    expect(findEntry('baddevicetoken')).toBeUndefined()
    expect(findEntry('NoSuchThing')).toBeUndefined()
  })

  it('tags every entry with one of the four bases, and explains every interpretation', () => {
    for (const entry of CATALOGUE) {
      expect(['doc', 'src', 'obs', 'interp'], entry.name).toContain(entry.basis)
      if (entry.basis === 'interp') expect(entry.note, entry.name).toBeTruthy()
    }
  })

  it('gives every response form a content type', () => {
    for (const entry of CATALOGUE) for (const spec of Object.values(entry.wire)) if (spec.kind === 'respond') expect(spec.headers?.['content-type'], entry.name).toBeTruthy()
  })
})

describe('wireFor', () => {
  const firefoxOnly: CatalogueEntry = { ...findEntry('autopush:106')!, wire: { firefox: { kind: 'reset' } } }

  it('lets firefox and kaios stand in for each other, and nothing else', () => {
    expect(wireFor(firefoxOnly, 'kaios')).toEqual({ kind: 'reset' })
    expect(wireFor({ ...firefoxOnly, wire: { kaios: { kind: 'hang' } } }, 'firefox')).toEqual({ kind: 'hang' })
    expect(wireFor(findEntry('BadDeviceToken')!, 'safari')).toBeUndefined()
    expect(wireFor(findEntry('chrome:gone')!, 'fcm')).toBeUndefined()
    expect(wireFor(findEntry('person_not_found')!, 'apns')).toBeUndefined()
  })

  it('prefers the target’s own form', () => {
    expect(wireFor(findEntry('push_unreg')!, 'chrome')).toMatchObject({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })
    expect(wireFor(findEntry('push_unreg')!, 'fcm')).toMatchObject({ status: 404, headers: { 'content-type': 'application/json; charset=UTF-8' } })
  })

  it('names every simulator that can answer an entry', () => {
    expect(providersOf(findEntry('push_unreg')!)).toEqual(['webpush', 'fcm'])
    expect(providersOf(findEntry('BadDeviceToken')!)).toEqual(['apns'])
    expect(providersOf(findEntry('frequency_exceeded')!)).toEqual([])
  })
})

describe('catalogueJson', () => {
  it('round-trips, is stable, and keeps a fixed key order', () => {
    const json = catalogueJson()
    const parsed = JSON.parse(json)
    expect(parsed).toEqual(CATALOGUE)
    expect(parsed.length).toBe(CATALOGUE.length)
    expect(catalogueJson()).toBe(json)
    expect(Object.keys(parsed.find((e: CatalogueEntry) => e.name === 'UNSPECIFIED_ERROR'))).toEqual(
      ['name', 'aliases', 'kind', 'provider', 'dashboard', 'label', 'class', 'action', 'retry', 'wire', 'basis', 'note'],
    )
    expect(Object.keys(parsed.find((e: CatalogueEntry) => e.name === 'browser_unsubscribed').wire)).toEqual(['chrome', 'firefox', 'kaios', 'safari'])
  })

  it('is frozen, so no consumer can change another’s answers', () => {
    expect(Object.isFrozen(CATALOGUE)).toBe(true)
    expect(Object.isFrozen(findEntry('BadDeviceToken')!.wire.apns)).toBe(true)
  })
})
