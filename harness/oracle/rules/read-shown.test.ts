/**
 * readShown over a small ledger file: APNs and FCM content from the request
 * bodies, web push from the device's decision line, and every wanted
 * attempt found even when devices also write lines for APNs pushes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { campaign, message, rulesRun, template } from '../../../test/support/rules-run.ts'
import { readShown } from './read-shown.ts'

const dir = mkdtempSync(join(tmpdir(), 'read-shown-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const request = (json: unknown) => {
  const body = JSON.stringify(json)
  return { body, bodyEncoding: 'utf8', bodyLength: Buffer.byteLength(body) }
}
const exchange = (seq: number, provider: string, json: unknown) => ({ schema: 1, kind: 'exchange', seq, provider, request: request(json) })
const decision = (seq: number, exchangeSeq: number, channel: string, shown?: { title: string; body: string }) => ({ schema: 1, kind: 'device', seq, event: 'decision', channel, exchange: exchangeSeq, ...(shown ? { shown } : {}) })

describe('readShown', () => {
  it('fills each attempt of a templated message from its request body or its device, and reads past the devices of APNs pushes', async () => {
    const personalised = { variants: [{ name: 'default', share: 1, template: template('{{firstName|there}}, hi') }] }
    const apns = message('p1', [[0, 1]], { channel: 'apns' })
    const chrome = message('p2', [[0]], { channel: 'webpush-chrome' })
    const [first, retry] = apns.deliveries[0]!.attempts
    const pushed = chrome.deliveries[0]!.attempts[0]!
    const path = join(dir, 'ledger.ndjson')
    const lines = [
      exchange(first!.seq, 'apns', { aps: { alert: { title: 'Ada, hi' } } }),
      decision(900, first!.seq, 'apns'),
      exchange(pushed.seq, 'webpush', {}),
      decision(901, pushed.seq, 'webpush-chrome', { title: 'there, hi', body: '' }),
      exchange(retry!.seq, 'apns', { aps: { alert: { title: 'Ada, hi', body: 'x' } } }),
    ]
    writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n') + '\n')
    await readShown(path, rulesRun([campaign('c', personalised, 0, [apns, chrome])], []))
    expect([first!.shown, retry!.shown, pushed.shown]).toEqual([
      { title: 'Ada, hi', body: '' },
      { title: 'Ada, hi', body: 'x' },
      { title: 'there, hi', body: '' },
    ])
  })
})
