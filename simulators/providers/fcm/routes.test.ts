import { describe, expect, it } from 'vitest'
import { buildRequest, type SimRequest } from '../../kernel/index.ts'
import { fcmCannedError, isFcmRoute, sendPathProject } from './index.ts'
import { DEVICE_TOKEN, fcmError, json, outcomeOf, setup, statusBody } from './test-support.ts'

const call = (request: SimRequest, options = {}) => outcomeOf(setup(options).fcm.handle(request))
const gfePage = (status: number, title: string, sentence: string) =>
  '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n' +
  '  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">\n' +
  `  <title>Error ${status} (${title})!!1</title>\n` +
  '  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n' +
  `  <p><b>${status}.</b> <ins>That’s an error.</ins>\n` +
  `  <p>${sentence}  <ins>That’s all we know.</ins>\n`

describe('routing', () => {
  it.each(['/v1/projects/p/messages', '/fcm/send/abc', '/wp/abc', '/', '/v1/projects//messages:send'])(
    'answers the GFE 404 page to %s',
    (path) => {
      const { response, note } = call(buildRequest({ path }))
      expect(response.status).toBe(404)
      expect(response.headers['content-type']).toBe('text/html; charset=UTF-8')
      expect(response.body).toBe(gfePage(404, 'Not Found', `The requested URL <code>${path}</code> was not found on this server.`))
      expect(note).toEqual({ target: '', flavour: '', reason: 'NotFound' })
    },
  )

  it('escapes the quoted path and drops its query', () => {
    const { response } = call(buildRequest({ path: '/<b>?x=<i>' }))
    expect(response.body).toBe(gfePage(404, 'Not Found', 'The requested URL <code>/&#60;b&#62;</code> was not found on this server.'))
  })

  it.each(['/v1/projects/p/messages:send', '/token', '/fcm/send'])('answers GET %s with the GFE 405 page', (path) => {
    const { response, note } = call(buildRequest({ method: 'GET', path }))
    expect(response.status).toBe(405)
    expect(response.body).toBe(gfePage(405, 'Method Not Allowed', `The request method <code>GET</code> is inappropriate for the URL <code>${path}</code>.`))
    expect(note?.reason).toBe('MethodNotAllowed')
  })

  it('answers a token request past the body limit with the GFE 413 page', () => {
    const request = { ...buildRequest({ path: '/token', body: 'grant_type=' }), bodyOverflow: true, bodyLength: 1 << 20 }
    const { response } = call(request)
    expect(response.status).toBe(413)
    expect(response.body).toBe(gfePage(413, 'Request Entity Too Large', 'Your client issued a request that was too large.\n'))
  })

  it('never throws: an unreadable request gets Google\u2019s 500', () => {
    const request = { ...buildRequest({ path: '/v1/projects/p/messages:send' }) }
    Object.defineProperty(request, 'headers', { get: () => { throw new Error('boom') } })
    const { response } = call(request)
    expect(response.status).toBe(500)
    expect(json(response)).toEqual(statusBody(500, 'INTERNAL', 'Internal error encountered.'))
  })

  it('tells adapters which paths it serves', () => {
    expect(sendPathProject('/v1/projects/my-proj/messages:send')).toBe('my-proj')
    expect(sendPathProject('/v1/projects/a/b/messages:send')).toBeNull()
    expect(['/token?x', '/oauth2/v4/token', '/o/oauth2/token', '/fcm/send', '/v1/projects/x/messages:send?alt=json'].every(isFcmRoute)).toBe(true)
    expect(['/fcm/send/abc', '/wp/abc', '/v1/projects/x/messages'].some(isFcmRoute)).toBe(false)
  })
})

describe('retired legacy API: POST /fcm/send', () => {
  const legacy = (body: string, authorization?: string) =>
    buildRequest({ path: '/fcm/send', headers: authorization ? { authorization } : {}, body })
  const LEGACY = /^\{"multicast_id":(\d{1,19}),"success":0,"failure":(\d+),"canonical_ids":0,"results":\[(.*)\]\}$/

  it('answers 401 with the INVALID_KEY HTML page without a server key', () => {
    for (const authorization of [undefined, 'Bearer ya29.x', 'key=']) {
      const { response, note } = call(legacy('{}', authorization))
      expect(response.status).toBe(401)
      expect(response.headers['content-type']).toBe('text/html; charset=UTF-8')
      expect(response.body).toBe(
        '<HTML>\n<HEAD>\n<TITLE>INVALID_KEY</TITLE>\n</HEAD>\n<BODY BGCOLOR="#FFFFFF" TEXT="#000000">\n<H1>INVALID_KEY</H1>\n<H2>Error 401</H2>\n</BODY>\n</HTML>\n',
      )
      expect(note).toEqual({ target: '', flavour: '', reason: 'INVALID_KEY' })
    }
  })

  it('answers 200 DeprecatedApi for a `to` target', () => {
    const { response, note } = call(legacy(JSON.stringify({ to: DEVICE_TOKEN, data: { a: 'b' } }), 'key=AAAA'))
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json; charset=UTF-8')
    const match = LEGACY.exec(String(response.body))
    expect(match?.slice(2)).toEqual(['1', '{"error":"DeprecatedApi"}'])
    expect(BigInt(match?.[1] ?? '-1') >= 0n).toBe(true)
    expect(note).toEqual({ target: DEVICE_TOKEN, flavour: '', reason: 'DeprecatedApi' })
  })

  it('answers one DeprecatedApi result per registration id', () => {
    const { response, note } = call(legacy(JSON.stringify({ registration_ids: ['a', 'b', 'c'] }), 'key=AAAA'))
    expect(LEGACY.exec(String(response.body))?.slice(2)).toEqual(['3', '{"error":"DeprecatedApi"},{"error":"DeprecatedApi"},{"error":"DeprecatedApi"}'])
    expect(note?.target).toBe('a')
  })

  it('notes topic targets and answers unreadable bodies with one result', () => {
    expect(call(legacy(JSON.stringify({ to: '/topics/news' }), 'key=A')).note?.target).toBe('topic:news')
    expect(LEGACY.exec(String(call(legacy('not json', 'key=A')).response.body))?.[2]).toBe('1')
  })

  it("answers the bare 404 page in 'not-found' mode", () => {
    const { response } = call(legacy('{}', 'key=A'), { legacyApi: 'not-found' })
    expect(response.status).toBe(404)
    expect(response.body).toBe('<HTML>\n<HEAD>\n<TITLE>Not Found</TITLE>\n</HEAD>\n<BODY BGCOLOR="#FFFFFF" TEXT="#000000">\n\n<H1>Not Found</H1>\n<H2>Error 404</H2>\n</BODY>\n</HTML>\n')
  })
})

describe('canned §2.6 errors for fault injection', () => {
  it('builds the APNs-relayed unregistered body', () => {
    const response = fcmCannedError('UNREGISTERED_APNS')
    expect(response.status).toBe(404)
    expect(json(response)).toEqual(
      statusBody(404, 'NOT_FOUND', 'Requested entity was not found.', [
        fcmError('UNREGISTERED'),
        { '@type': 'type.googleapis.com/google.firebase.fcm.v1.ApnsError', statusCode: 410, reason: 'Unregistered' },
      ]),
    )
  })

  it('adds Retry-After when asked', () => {
    const response = fcmCannedError('UNAVAILABLE', { retryAfterSeconds: 30 })
    expect(response.status).toBe(503)
    expect(response.headers['retry-after']).toBe('30')
    expect(json(response)).toEqual(statusBody(503, 'UNAVAILABLE', 'The service is currently unavailable.', [fcmError('UNAVAILABLE')]))
  })

  it('quotes the project of an API-disabled answer', () => {
    expect(json(fcmCannedError('API_DISABLED', { project: '123' }))).toEqual(
      statusBody(
        403,
        'PERMISSION_DENIED',
        'Firebase Cloud Messaging API has not been used in project 123 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/fcm.googleapis.com/overview?project=123 then retry.',
      ),
    )
  })
})
