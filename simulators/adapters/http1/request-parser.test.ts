import { describe, expect, it } from 'vitest'
import { createRequestParser, MAX_HEADER_BYTES, type ParseEvent, type ParsedRequest } from './request-parser.ts'

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1')

/** Feeds the pieces to one fresh parser and collects every event, in order. */
function parse(pieces: readonly (string | Buffer)[], maxBodyBytes = 1024): ParseEvent[] {
  const parser = createRequestParser(maxBodyBytes)
  return pieces.flatMap((piece) => parser.push(typeof piece === 'string' ? bytes(piece) : piece))
}

const requests = (events: readonly ParseEvent[]): ParsedRequest[] => events.flatMap((event) => (event.kind === 'request' ? [event.request] : []))

function only(events: readonly ParseEvent[]): ParsedRequest {
  expect(events.map((event) => event.kind)).toEqual(['request'])
  return requests(events)[0]!
}

/** A comparable view of an event: Buffers as text, the rest as is. */
const view = (event: ParseEvent) => (event.kind === 'request' ? { ...event.request, body: event.request.body.toString('latin1') } : event)

const POST = [
  'POST /v1/projects/demo/messages:send?x=1 HTTP/1.1',
  'Host: 127.0.0.1:8080',
  'Authorization: Bearer abc',
  'Content-Type: application/json',
  'Content-Length: 15',
  '',
  '{"message":{}}\n',
].join('\r\n')

const CHUNKED = [
  'POST /push/abc HTTP/1.1',
  'Host: localhost',
  'Transfer-Encoding: chunked',
  '',
  '5;name=value;other="quoted"', // chunk extensions are read and ignored
  'hello',
  'a ', // whitespace before the end of the size line (BWS)
  ', world!!!',
  '0',
  'X-Checksum: 1234', // trailer fields are read and ignored
  'X-Other: yes',
  '',
  '',
].join('\r\n')

describe('a request split anywhere', () => {
  for (const [name, text] of [
    ['a Content-Length request', POST],
    ['a chunked request with extensions and trailers', CHUNKED],
  ] as const) {
    it(`${name} parses the same at every byte boundary and byte by byte`, () => {
      const whole = parse([text]).map(view)
      expect(parse([text]).map((event) => event.kind)).toEqual(['request'])
      for (let at = 0; at <= text.length; at++) {
        expect(parse([text.slice(0, at), text.slice(at)]).map(view), `split at byte ${at}`).toEqual(whole)
      }
      expect(parse([...text]).map(view)).toEqual(whole)
    })
  }

  it('parses the Content-Length request fully', () => {
    const request = only(parse([POST]))
    expect(request).toMatchObject({
      method: 'POST',
      target: '/v1/projects/demo/messages:send?x=1',
      versionMinor: 1,
      bodyLength: 15,
      bodyOverflow: false,
      keepAlive: true,
      rawHeaders: ['Host', '127.0.0.1:8080', 'Authorization', 'Bearer abc', 'Content-Type', 'application/json', 'Content-Length', '15'],
      headers: { host: '127.0.0.1:8080', authorization: 'Bearer abc', 'content-type': 'application/json', 'content-length': '15' },
    })
    expect(request.body.toString()).toBe('{"message":{}}\n')
  })

  it('emits nothing until the request is complete', () => {
    const parser = createRequestParser(1024)
    expect(parser.push(bytes(POST.slice(0, -1)))).toEqual([])
    expect(parser.push(bytes(POST.slice(-1))).map((event) => event.kind)).toEqual(['request'])
  })
})

describe('pipelining', () => {
  it('parses several requests in one chunk, in order, and keeps a partial one for the next chunk', () => {
    const get = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n'
    const parser = createRequestParser(1024)
    const events = parser.push(bytes(POST + get + CHUNKED + POST.slice(0, 40)))
    expect(requests(events).map((request) => [request.method, request.target, request.body.toString()])).toEqual([
      ['POST', '/v1/projects/demo/messages:send?x=1', '{"message":{}}\n'],
      ['GET', '/a', ''],
      ['POST', '/push/abc', 'hello, world!!!'],
    ])
    expect(events).toHaveLength(3)
    expect(requests(parser.push(bytes(POST.slice(40)))).map((request) => request.body.toString())).toEqual(['{"message":{}}\n'])
  })

  it('tolerates empty lines between requests', () => {
    const get = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'
    expect(requests(parse([`${get}\r\n\r\n${get}`]))).toHaveLength(2)
  })
})

describe('chunked bodies', () => {
  it('joins the chunks and ignores extensions and trailers', () => {
    const request = only(parse([CHUNKED]))
    expect(request.body.toString()).toBe('hello, world!!!')
    expect(request.bodyLength).toBe(15)
    expect(request.headers['transfer-encoding']).toBe('chunked')
  })

  it('parses a body split across many chunks and reads', () => {
    const body = 'x'.repeat(300)
    const chunks = body.match(/.{1,7}/g)!.map((chunk) => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('')
    const text = `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`
    const request = only(parse(text.match(/[^]{1,13}/g)!))
    expect(request.body.toString()).toBe(body)
  })

  it('rejects a malformed chunk size or a missing chunk terminator', () => {
    const head = 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
    expect(parse([`${head}zz\r\nhello\r\n0\r\n\r\n`])).toEqual([{ kind: 'error', status: 400, reason: 'Bad Request' }])
    expect(parse([`${head}5\r\nhelloXX0\r\n\r\n`])).toEqual([{ kind: 'error', status: 400, reason: 'Bad Request' }])
  })
})

describe('framing and smuggling shapes', () => {
  const error400 = [{ kind: 'error', status: 400, reason: 'Bad Request' }]

  it('rejects Content-Length together with Transfer-Encoding', () => {
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'])).toEqual(error400)
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n'])).toEqual(error400)
  })

  it('rejects two different Content-Lengths and accepts an identical repeat', () => {
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'])).toEqual(error400)
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 1\r\n\r\na'])).toEqual(error400)
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'])).toEqual(error400)
    const request = only(parse(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd']))
    expect(request.body.toString()).toBe('abcd')
    expect(request.headers['content-length']).toBe('4')
  })

  it('answers 501 to a transfer coding it does not implement, and 400 when chunked is not last', () => {
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n'])).toEqual([{ kind: 'error', status: 501, reason: 'Not Implemented' }])
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n'])).toEqual(error400)
  })

  it('stops at the first error and ignores everything after it', () => {
    const parser = createRequestParser(1024)
    expect(parser.push(bytes('GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n\r\n')).map((event) => event.kind)).toEqual(['request', 'error'])
    expect(parser.push(bytes('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toEqual([])
  })
})

describe('malformed heads', () => {
  const error400 = [{ kind: 'error', status: 400, reason: 'Bad Request' }]

  it('rejects obs-fold', () => {
    expect(parse(['GET / HTTP/1.1\r\nHost: x\r\nX-Long: a\r\n  continued\r\n\r\n'])).toEqual(error400)
    expect(parse(['GET / HTTP/1.1\r\nHost: x\r\nX-Long: a\r\n\tcontinued\r\n\r\n'])).toEqual(error400)
  })

  it('rejects a bare LF at once, without waiting for the end of the head', () => {
    expect(parse(['GET / HTTP/1.1\nHost: x'])).toEqual(error400)
    expect(parse(['GET / HTTP/1.1\r\nHost: x\nX-A: b'])).toEqual(error400)
    expect(parse(['GET / HTTP/1.1\r\nHost: x\r\n\n'])).toEqual(error400)
  })

  it('rejects a bare LF or CR at the edge of a header value in a complete head', () => {
    // node:http (llhttp) answers 400 to all of these; a value is trimmed of spaces and tabs only (RFC 9110 §5.5).
    expect(parse(['GET / HTTP/1.1\r\nHost: x\n\r\n\r\n'])).toEqual(error400)
    expect(parse(['GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\r\n\r\n'])).toEqual(error400)
    expect(parse(['GET / HTTP/1.1\r\nHost: x\r\nX-A: \nb\r\n\r\n'])).toEqual(error400)
    expect(parse(['GET / HTTP/1.1\r\nHost: x\r\nX-A: \x0bb\r\n\r\n'])).toEqual(error400)
  })

  it('trims only spaces and tabs around a value', () => {
    expect(only(parse(['GET / HTTP/1.1\r\nHost: x\r\nX-A: \t a b \t\r\nX-B:\xa0c\xa0\r\n\r\n'])).headers).toMatchObject({ 'x-a': 'a b', 'x-b': '\xa0c\xa0' })
  })

  it('rejects binary garbage at once', () => {
    expect(parse([Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc])])).toEqual(error400)
    expect(parse([Buffer.from([0x00])])).toEqual(error400)
    // A complete line that cannot be a request line is answered before any blank line comes.
    expect(parse(['hello there\r\n'])).toEqual(error400)
  })

  it('rejects a space before the colon, an empty name, and a malformed request line', () => {
    expect(parse(['GET / HTTP/1.1\r\nHost : x\r\n\r\n'])).toEqual(error400)
    expect(parse(['GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n'])).toEqual(error400)
    expect(parse(['GET /\r\nHost: x\r\n\r\n'])).toEqual(error400)
    expect(parse(['GET  / HTTP/1.1\r\nHost: x\r\n\r\n'])).toEqual(error400)
    expect(parse(['GET / HTTP/1.x\r\nHost: x\r\n\r\n'])).toEqual(error400)
  })

  it('requires Host in HTTP/1.1 but not in HTTP/1.0', () => {
    expect(parse(['GET / HTTP/1.1\r\nAccept: */*\r\n\r\n'])).toEqual(error400)
    const request = only(parse(['GET / HTTP/1.0\r\nAccept: */*\r\n\r\n']))
    expect(request.versionMinor).toBe(0)
    expect(request.headers.host).toBeUndefined()
  })

  it('answers 505 to the HTTP/2 preface and to other versions', () => {
    const notSupported = [{ kind: 'error', status: 505, reason: 'HTTP Version Not Supported' }]
    expect(parse(['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'])).toEqual(notSupported)
    expect(parse(['GET / HTTP/2.0\r\nHost: x\r\n\r\n'])).toEqual(notSupported)
    expect(parse(['GET / HTTP/1.2\r\nHost: x\r\n\r\n'])).toEqual(notSupported)
  })

  it('answers 431 to 16 KiB of headers, before the head ends', () => {
    const tooLarge = [{ kind: 'error', status: 431, reason: 'Request Header Fields Too Large' }]
    const filler = `X-Filler: ${'a'.repeat(1000)}\r\n`.repeat(17)
    expect(parse([`GET / HTTP/1.1\r\nHost: x\r\n${filler}\r\n`])).toEqual(tooLarge)
    // Never finished: the limit still applies to what has arrived.
    const parser = createRequestParser(1024)
    expect(parser.push(bytes(`GET / HTTP/1.1\r\nHost: x\r\n${filler.slice(0, 8000)}`))).toEqual([])
    expect(parser.push(bytes(filler.slice(8000)))).toEqual(tooLarge)
  })

  it('accepts a head just under the limit', () => {
    const head = `GET / HTTP/1.1\r\nHost: x\r\nX-Filler: `
    const filler = 'a'.repeat(MAX_HEADER_BYTES - head.length - 2)
    expect(only(parse([`${head}${filler}\r\n\r\n`])).headers['x-filler']).toHaveLength(filler.length)
  })
})

describe('bodies past maxBodyBytes', () => {
  it('keeps the first maxBodyBytes and counts the rest (Content-Length)', () => {
    const body = Buffer.alloc(10_000)
    for (let i = 0; i < body.length; i++) body[i] = i % 251
    const head = bytes(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`)
    const pieces: Buffer[] = [head]
    for (let at = 0; at < body.length; at += 333) pieces.push(body.subarray(at, at + 333))
    const request = only(parse(pieces, 1000))
    expect(request.bodyLength).toBe(10_000)
    expect(request.bodyOverflow).toBe(true)
    expect(request.body.equals(body.subarray(0, 1000))).toBe(true)
  })

  it('keeps the first maxBodyBytes and counts the rest (chunked)', () => {
    const chunk = 'y'.repeat(600)
    const text = `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${`258\r\n${chunk}\r\n`.repeat(5)}0\r\n\r\n`
    const request = only(parse([text], 1000))
    expect(request.bodyLength).toBe(3000)
    expect(request.bodyOverflow).toBe(true)
    expect(request.body.toString()).toBe('y'.repeat(1000))
  })

  it('a body of exactly maxBodyBytes does not overflow', () => {
    const request = only(parse([`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\n12345678`], 8))
    expect(request).toMatchObject({ bodyLength: 8, bodyOverflow: false })
    expect(request.body.toString()).toBe('12345678')
  })

  it('the request after an overflowing one parses normally', () => {
    const events = parse([`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n${'z'.repeat(20)}POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc`], 10)
    expect(requests(events).map((request) => [request.target, request.body.toString(), request.bodyLength, request.bodyOverflow])).toEqual([
      ['/', 'z'.repeat(10), 20, true],
      ['/b', 'abc', 3, false],
    ])
  })
})

describe('keep-alive', () => {
  const keepAlive = (head: string) => only(parse([`${head}\r\n\r\n`])).keepAlive

  it('follows the version default and the Connection header', () => {
    expect(keepAlive('GET / HTTP/1.1\r\nHost: x')).toBe(true)
    expect(keepAlive('GET / HTTP/1.1\r\nHost: x\r\nConnection: close')).toBe(false)
    expect(keepAlive('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, Close')).toBe(false)
    expect(keepAlive('GET / HTTP/1.1\r\nHost: x\r\nConnection: closed')).toBe(true)
    expect(keepAlive('GET / HTTP/1.0')).toBe(false)
    expect(keepAlive('GET / HTTP/1.0\r\nConnection: keep-alive')).toBe(true)
    expect(keepAlive('GET / HTTP/1.0\r\nConnection: Keep-Alive')).toBe(true)
  })
})

describe('Expect: 100-continue', () => {
  it('emits continue as soon as the head is read, before the body', () => {
    const parser = createRequestParser(1024)
    expect(parser.push(bytes('POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n'))).toEqual([{ kind: 'continue' }])
    expect(parser.push(bytes('hel'))).toEqual([])
    const events = parser.push(bytes('lo'))
    expect(requests(events).map((request) => request.body.toString())).toEqual(['hello'])
  })

  it('orders continue before the request when both come in one chunk, also for chunked bodies', () => {
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nhi']).map((event) => event.kind)).toEqual(['continue', 'request'])
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n']).map((event) => event.kind)).toEqual(['continue', 'request'])
  })

  it('does not emit continue without a body or in HTTP/1.0', () => {
    expect(parse(['POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n']).map((event) => event.kind)).toEqual(['request'])
    expect(parse(['POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi']).map((event) => event.kind)).toEqual(['request'])
  })
})

describe('header objects', () => {
  it('byte-identical header blocks share the same frozen rawHeaders and headers objects', () => {
    const [first, second, third] = requests(parse([POST, POST, POST.replace('Bearer abc', 'Bearer abd')]))
    expect(Object.isFrozen(first!.rawHeaders)).toBe(true)
    expect(Object.isFrozen(first!.headers)).toBe(true)
    expect(second!.rawHeaders).toBe(first!.rawHeaders)
    expect(second!.headers).toBe(first!.headers)
    expect(third!.rawHeaders).not.toBe(first!.rawHeaders)
    expect(third!.headers.authorization).toBe('Bearer abd')
    // Bodies are never shared.
    expect(second!.body).not.toBe(first!.body)
  })

  it('the same block across reads is still shared', () => {
    const parser = createRequestParser(1024)
    const [first] = requests(parser.push(bytes(POST)))
    const [second] = requests(parser.push(bytes(POST)))
    expect(second!.headers).toBe(first!.headers)
  })

  it('follows node:http for repeated headers: single-valued keep the first, others are joined', () => {
    const request = only(
      parse([
        [
          'GET / HTTP/1.1',
          'Host: first',
          'Host: second',
          'Authorization: Bearer one',
          'authorization: Bearer two',
          'Content-Type: application/json',
          'Content-Type: text/plain',
          'User-Agent: a',
          'User-Agent: b',
          'Accept: text/html',
          'accept: application/json',
          'X-Custom: 1',
          'X-CUSTOM: 2',
          '',
          '',
        ].join('\r\n'),
      ]),
    )
    expect(request.headers).toEqual({
      host: 'first',
      authorization: 'Bearer one',
      'content-type': 'application/json',
      'user-agent': 'a',
      accept: 'text/html, application/json',
      'x-custom': '1, 2',
    })
    // rawHeaders keeps every line as received.
    expect(request.rawHeaders).toEqual([
      'Host', 'first', 'Host', 'second', 'Authorization', 'Bearer one', 'authorization', 'Bearer two', 'Content-Type', 'application/json', 'Content-Type', 'text/plain',
      'User-Agent', 'a', 'User-Agent', 'b', 'Accept', 'text/html', 'accept', 'application/json', 'X-Custom', '1', 'X-CUSTOM', '2',
    ])
  })
})
