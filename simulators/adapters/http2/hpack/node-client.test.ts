import http2 from 'node:http2'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { HpackDecoder, isHpackError, type HeaderBlock } from './decoder.ts'

// What nghttp2 (inside node:http2) really sends, read off a raw socket: the
// decoder must agree with a production encoder, not only with the RFC's examples.

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1')
const SETTINGS = 0x4
const HEADERS = 0x1
const CONTINUATION = 0x9
const END_HEADERS = 0x4
const PADDED = 0x8
const PRIORITY = 0x20
const ACK = 0x1

const frame = (type: number, flags: number, payload: Buffer = Buffer.alloc(0)): Buffer => {
  const head = Buffer.alloc(9)
  head.writeUIntBE(payload.length, 0, 3)
  head[3] = type
  head[4] = flags
  return Buffer.concat([head, payload])
}

/** Resolves when check() holds; rejects after `ms`, so a silent peer cannot hang the test. */
function waitFor(check: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms
    const poll = (): void => {
      if (check()) resolve()
      else if (Date.now() > deadline) reject(new Error(`timed out after ${ms} ms`))
      else setTimeout(poll, 5)
    }
    poll()
  })
}

/**
 * A listener that speaks just enough HTTP/2 to receive requests: it sends an
 * empty SETTINGS, acknowledges the client's, and feeds every header block,
 * in wire order, to one HpackDecoder.
 */
function rawHeadersServer(): { server: net.Server; blocks: (HeaderBlock | string)[]; sockets: Set<net.Socket> } {
  const blocks: (HeaderBlock | string)[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
    socket.write(frame(SETTINGS, 0))
    const decoder = new HpackDecoder()
    let buffered = Buffer.alloc(0)
    let prefaceRead = false
    let fragments: Buffer[] = []
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      if (!prefaceRead) {
        if (buffered.length < PREFACE.length) return
        if (!buffered.subarray(0, PREFACE.length).equals(PREFACE)) {
          blocks.push('no HTTP/2 client preface')
          socket.destroy()
          return
        }
        buffered = buffered.subarray(PREFACE.length)
        prefaceRead = true
      }
      while (buffered.length >= 9) {
        const length = buffered.readUIntBE(0, 3)
        if (buffered.length < 9 + length) break
        const type = buffered[3]!
        const flags = buffered[4]!
        const payload = buffered.subarray(9, 9 + length)
        buffered = buffered.subarray(9 + length)
        if (type === SETTINGS && (flags & ACK) === 0) socket.write(frame(SETTINGS, ACK))
        if (type !== HEADERS && type !== CONTINUATION) continue
        let start = 0
        let end = payload.length
        if (type === HEADERS && (flags & PADDED) !== 0) {
          end -= payload[0]!
          start = 1
        }
        if (type === HEADERS && (flags & PRIORITY) !== 0) start += 5
        fragments.push(payload.subarray(start, end))
        if ((flags & END_HEADERS) === 0) continue
        const block = Buffer.concat(fragments)
        fragments = []
        const result = decoder.decode(block, 0, block.length)
        blocks.push(isHpackError(result) ? result.message : result)
      }
    })
  })
  return { server, blocks, sockets }
}

const pairs = (block: HeaderBlock | string): [string, string][] => {
  if (typeof block === 'string') throw new Error(`HPACK error: ${block}`)
  const out: [string, string][] = []
  for (let i = 0; i < block.fields.length; i += 2) out.push([block.fields[i]!, block.fields[i + 1]!])
  return out
}

const sorted = (fields: [string, string][]): [string, string][] => [...fields].sort((a, b) => (a[0] + '\0' + a[1] < b[0] + '\0' + b[1] ? -1 : 1))

describe('HpackDecoder against a node:http2 client', () => {
  let cleanup: (() => void) | undefined
  afterEach(() => cleanup?.())

  it('decodes every request block nghttp2 sends, pseudo-headers first, table and Huffman included', async () => {
    const { server, blocks, sockets } = rawHeadersServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as net.AddressInfo).port
    const client = http2.connect(`http://127.0.0.1:${port}`)
    client.on('error', () => {})
    cleanup = () => {
      client.destroy()
      for (const socket of sockets) socket.destroy()
      server.close()
    }

    const authority = `127.0.0.1:${port}`
    const base = { ':method': 'POST', ':scheme': 'http', ':authority': authority, ':path': '/3/device/0123456789abcdef' }
    const token = 'bearer ' + 'eyJhbGciOiJFUzI1NiIsImtpZCI6IkFCQzEyM0RFRkcifQ.'.repeat(6)
    const requests: http2.OutgoingHttpHeaders[] = [
      { ...base, 'apns-topic': 'com.example.app', 'apns-push-type': 'alert', 'apns-priority': '10', 'content-type': 'application/json' },
      // Byte-identical to the first: now mostly dynamic-table references.
      { ...base, 'apns-topic': 'com.example.app', 'apns-push-type': 'alert', 'apns-priority': '10', 'content-type': 'application/json' },
      { ...base, 'apns-topic': 'com.example.app', 'apns-push-type': 'alert', 'apns-priority': '10', 'content-type': 'application/json' },
      { ...base, ':method': 'GET', ':path': '/', 'user-agent': 'pushsim-test/1.0', accept: '*/*', 'x-multi': ['one', 'two'] },
      // A long value nghttp2 Huffman-codes, and a token it must send never-indexed.
      { ...base, 'x-long': 'The quick brown fox jumps over the lazy dog; '.repeat(20), authorization: token, [http2.sensitiveHeaders]: ['authorization'] },
      // Bytes above 0x7f, which take the long Huffman codes.
      { ...base, 'x-latin1': 'caf\u00e9 na\u00efve \u00ff', 'x-symbols': '~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./' },
    ]
    for (const headers of requests) {
      const stream = client.request(headers, { endStream: true })
      stream.on('error', () => {})
    }
    await waitFor(() => blocks.length >= requests.length, 5000)

    expect(blocks).toHaveLength(requests.length)
    blocks.forEach((block, i) => {
      const got = pairs(block)
      const sent = Object.entries(requests[i]!).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v): [string, string] => [name, String(v)]) : [[name, String(value)] as [string, string]]))
      expect(sorted(got), `request ${i}`).toEqual(sorted(sent))
      // RFC 9113 §8.3: pseudo-headers precede regular fields.
      const firstRegular = got.findIndex(([name]) => !name.startsWith(':'))
      expect(got.slice(firstRegular).every(([name]) => !name.startsWith(':')), `request ${i}`).toBe(true)
    })
    // Repeated multi-valued headers keep their order.
    expect(pairs(blocks[3]!).filter(([name]) => name === 'x-multi')).toEqual([['x-multi', 'one'], ['x-multi', 'two']])
    // Requests 2 and 3 are the same bytes and touched no table entry: the second is served from the block cache.
    expect(blocks[2]).toBe(blocks[1])
  })
})
