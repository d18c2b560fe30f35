import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fail, ok, simError } from '../kernel/errors.ts'
import type { ProviderName } from '../kernel/exchange.ts'
import { buildRequest, newConnection } from '../kernel/request.ts'
import { redactHeader, toEntry } from './entry.ts'
import { toNdjsonLine } from './ndjson-line.ts'
import { createLedger } from './ledger.ts'
import { createNdjsonSink } from './ndjson-sink.ts'
import { tempDir } from '../../test/support/temp-dir.ts'

function exchange(provider: ProviderName, status: number, extra: { target?: string; body?: string | Buffer; authorization?: string } = {}) {
  return {
    provider,
    request: buildRequest({ path: '/p', body: extra.body ?? '{"a":1}', headers: { authorization: extra.authorization ?? 'bearer secret.jwt.value' } }),
    response: { status, headers: { 'content-type': 'application/json' }, body: '{}' },
    delivery: 'respond' as const,
    note: { ...(extra.target ? { target: extra.target } : {}), ...(status === 200 ? {} : { reason: 'Bad' }) },
    startedAt: Date.UTC(2026, 0, 1),
    durationMs: 1.23456,
    wire: { kind: 'answered' as const, status, bytes: 2 },
    wireAfterMs: 1.1,
    wireLeftAfterMs: undefined,
    faults: [],
  }
}

describe('ledger', () => {
  it('filters, counts and pages in arrival order', () => {
    const ledger = createLedger()
    ledger.append(exchange('apns', 200, { target: 't1' }))
    ledger.append(exchange('fcm', 404, { target: 't2' }))
    ledger.append(exchange('apns', 410, { target: 't1' }))
    expect(ledger.count({ provider: 'apns' })).toBe(2)
    expect(ledger.count({ target: 't1', status: 410 })).toBe(1)
    const page = ledger.query({ provider: 'apns', limit: 1, offset: 1 })
    expect(page.total).toBe(2)
    expect(page.entries.map((e) => e.seq)).toEqual([3])
    expect(ledger.get(2)?.provider).toBe('fcm')
  })

  it('keeps at most its capacity, dropping the oldest, while seq keeps counting', () => {
    const ledger = createLedger({ capacity: 2 })
    for (let i = 0; i < 5; i++) ledger.append(exchange('fcm', 200))
    expect(ledger.query().entries.map((e) => e.seq)).toEqual([4, 5])
    expect(ledger.recorded).toBe(5)
    ledger.reset()
    expect(ledger.append(exchange('fcm', 200)).seq).toBe(6)
  })

  it('redacts credentials but keeps the scheme and the VAPID public key', () => {
    expect(redactHeader('authorization', 'bearer eyJhbGciOi.x.y')).toBe('bearer [redacted]')
    // An APNs provider token keeps its issue time (public), which shows a refresh; never its signature.
    const claims = Buffer.from(JSON.stringify({ iss: 'TEAM', iat: 1767261600 })).toString('base64url')
    expect(redactHeader('authorization', `bearer eyJhbGciOiJFUzI1NiJ9.${claims}.c2lnbmF0dXJl`)).toBe('bearer [redacted], iat=1767261600')
    expect(redactHeader('authorization', 'vapid t=eyJ.a.b, k=BPubKey_-')).toBe('vapid [redacted], k=BPubKey_-')
    expect(redactHeader('apns-topic', 'com.x')).toBe('com.x')
  })

  it('stores binary bodies as base64 and text bodies as text', () => {
    const ledger = createLedger()
    ledger.append(exchange('webpush', 201, { body: Buffer.from([0, 1, 2, 255]) }))
    ledger.append(exchange('fcm', 200, { body: '{"message":{}}' }))
    const [binary, text] = ledger.query().entries
    expect(binary!.request).toMatchObject({ body: 'AAEC/w==', bodyEncoding: 'base64', bodyLength: 4 })
    expect(text!.request).toMatchObject({ body: '{"message":{}}', bodyEncoding: 'utf8' })
    expect(text!.request.headers.authorization).toBe('bearer [redacted]')
  })

  it('decrypts lazily, once, when an entry is first read', () => {
    let calls = 0
    const ledger = createLedger({
      decrypt: (_ref, body) => {
        calls++
        return ok(Buffer.from(`plain:${body.toString()}`))
      },
    })
    ledger.append({ ...exchange('webpush', 201, { body: 'cipher' }), note: { decrypt: { encoding: 'aes128gcm', subscriptionId: 's1' } } })
    expect(calls).toBe(0)
    expect(ledger.query().entries[0]!.plaintext).toBe('plain:cipher')
    expect(ledger.get(1)!.plaintext).toBe('plain:cipher')
    expect(calls).toBe(1)
  })

  it('keeps each decrypted plaintext, failures too, while its record is in the ring, and reset() drops them', () => {
    const calls: string[] = []
    const ledger = createLedger({
      capacity: 2,
      decrypt: (ref, body) => {
        calls.push(ref.subscriptionId)
        return ref.subscriptionId === 'bad' ? fail(simError('INVALID_ARGUMENT', 'bad tag')) : ok(Buffer.from(`plain:${body.toString()}`))
      },
    })
    const push = (subscriptionId: string, body: string) =>
      ledger.append({ ...exchange('webpush', 201, { body }), note: { decrypt: { encoding: 'aes128gcm', subscriptionId } } })
    push('s1', 'c1')
    push('bad', 'c2')
    // Counting reads no entry: nothing is decrypted.
    expect(ledger.count({ provider: 'webpush' })).toBe(2)
    expect(calls).toEqual([])
    const page = ledger.query()
    expect(page.entries.map((entry) => [entry.plaintext, entry.plaintextError])).toEqual([
      ['plain:c1', undefined],
      [null, 'INVALID_ARGUMENT: bad tag'],
    ])
    expect(calls).toEqual(['s1', 'bad'])
    // Every later read, by query, filter or get, reuses them.
    ledger.query()
    ledger.query({ provider: 'webpush', afterSeq: 1 })
    expect(ledger.get(1)!.plaintext).toBe('plain:c1')
    expect(ledger.get(2)).toMatchObject({ plaintext: null, plaintextError: 'INVALID_ARGUMENT: bad tag' })
    expect(calls).toEqual(['s1', 'bad'])
    // The ring drops 1; caching 3 makes room in the cache by pruning 1, not 2, which is still kept.
    push('s3', 'c3')
    expect(ledger.get(1)).toBeUndefined()
    expect(ledger.get(3)!.plaintext).toBe('plain:c3')
    expect(ledger.get(2)!.plaintextError).toBe('INVALID_ARGUMENT: bad tag')
    expect(ledger.query().entries.map((entry) => entry.plaintext)).toEqual([null, 'plain:c3'])
    expect(calls).toEqual(['s1', 'bad', 's3'])
    // Entries are fresh objects: changing one changes no later read.
    ledger.get(3)!.plaintext = 'changed'
    expect(ledger.get(3)!.plaintext).toBe('plain:c3')
    // A web push record without decrypt keys is never decrypted.
    ledger.append(exchange('webpush', 201, { body: 'no keys' }))
    expect(ledger.get(4)!.plaintext).toBeUndefined()
    expect(calls).toEqual(['s1', 'bad', 's3'])

    // reset() forgets the records and their plaintexts. Seqs never repeat, so a stale plaintext
    // could only surface under a new seq: the next record is decrypted afresh, from its own body.
    ledger.reset()
    expect(ledger.query()).toEqual({ total: 0, entries: [] })
    expect(ledger.get(3)).toBeUndefined()
    push('s5', 'c5')
    expect(ledger.get(5)!.plaintext).toBe('plain:c5')
    expect(ledger.query().entries.map((entry) => entry.plaintext)).toEqual(['plain:c5'])
    expect(calls).toEqual(['s1', 'bad', 's3', 's5'])
  })

  it('appends every exchange to NDJSON, in order, and flushes on close', async () => {
    const path = join(tempDir('ledger-'), 'ledger.ndjson')
    const ledger = createLedger({ sink: createNdjsonSink(path, { intervalMs: 10_000, batchSize: 3 }) })
    for (let i = 0; i < 7; i++) ledger.append(exchange('apns', 200, { target: `t${i}` }))
    await ledger.close()
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { seq: number; target: string })
    expect(lines.map((line) => line.seq)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(lines[6]!.target).toBe('t6')
  })
})

describe('NDJSON lines', () => {
  it('are exactly JSON.stringify of the public entry, for text, binary, repeated headers and plaintext', () => {
    const ledger = createLedger()
    const text = ledger.append(exchange('fcm', 200, { target: 'tok', body: '{"é":"ünïcode \\u2028"}' }))
    const binary = ledger.append(exchange('webpush', 410, { body: Buffer.from([0, 0xff, 0x10]) }))
    const repeated = ledger.append({
      ...exchange('apns', 400),
      request: buildRequest({ path: '/3/device/x', headers: { 'apns-topic': ['a', 'b'], authorization: 'bearer x.y.z', ':method': 'POST' }, body: '' }),
    })
    const decrypted = ledger.append(exchange('webpush', 201, { body: 'c' }))
    decrypted.plaintext = { ok: true, text: 'hello "world"', base64: '' }
    const failed = ledger.append(exchange('webpush', 201, { body: 'c' }))
    failed.plaintext = { ok: false, error: 'INVALID_ARGUMENT: bad tag' }
    const shared = Object.freeze({ 'content-type': 'application/json; charset=UTF-8', vary: 'Origin' })
    const frozen = ledger.append({ ...exchange('fcm', 200), response: { status: 200, headers: shared as Record<string, string>, body: '{}' } })
    const frozenAgain = ledger.append({ ...exchange('fcm', 201), response: { status: 201, headers: shared as Record<string, string>, body: '' } })
    // One connection, a repeated exchange, then one whose credential and body change: nothing reused may go stale.
    const connection = newConnection('http/1.1', true)
    const onConnection = (authorization: string, body: string) => {
      const facts = exchange('fcm', 200, { authorization, body })
      return ledger.append({ ...facts, request: { ...facts.request, connection } })
    }
    const same = [onConnection('Bearer a.b.c', '{"a":1}'), onConnection('Bearer a.b.c', '{"a":1}')]
    const changed = [onConnection('vapid t=x.y.z, k=BKey', '{"a":1}'), onConnection('vapid t=x.y.z, k=BKey', 'a\u0007b')]
    for (const record of [text, binary, repeated, decrypted, failed, frozen, frozenAgain, ...same, ...changed]) {
      expect(toNdjsonLine(record)).toBe(JSON.stringify(toEntry(record)) + '\n')
    }
    expect(JSON.parse(toNdjsonLine(repeated)).request.headers).toEqual({ 'apns-topic': 'a, b', authorization: 'bearer [redacted]' })
  })
})
