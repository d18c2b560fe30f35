/**
 * The run's collection of a campaign's lists (harness/run/list-reader.ts,
 * json-list-file.ts) against the reference dispatcher over HTTP: read a page
 * at a time, or whole from a dispatcher without `paged-reads`, the report
 * file is the same text one JSON.stringify would give; a dispatcher that
 * stops answering half-way leaves `null`, as a list not read at all.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DispatcherApp } from '../dispatcher/app.ts'
import { createDispatcherClient, type DispatcherClient } from '../harness/contract/client.ts'
import { openJsonListFile } from '../harness/run/json-list-file.ts'
import { PAGE_SIZE, readList, type ListReads } from '../harness/run/list-reader.ts'
import { useDispatcherAgainstSimulators } from './support/dispatcher.ts'
import { tempDir } from './support/temp-dir.ts'

let app: DispatcherApp
useDispatcherAgainstSimulators((_, running) => (app = running), { http: { host: '127.0.0.1', port: 0 } })

// More members than a page holds: the paged read takes two pages and a short third.
const PERSONS = PAGE_SIZE * 2 + 17
const member = (i: number) => ({ person: { id: `u${i}`, properties: {}, timezone: 'UTC', test: false, unsubscribed: false }, devices: [] })

async function planned(client: DispatcherClient): Promise<void> {
  expect((await client.createCampaign({ id: 'big', name: 'Big', targeting: 'last-device', profile: 'mobile', variants: [{ id: 'a', share: 1, content: { title: 'T', body: 'B' } }], rules: {} })).ok).toBe(true)
  // Persons without devices: every message is planned (Undeliverable) and nothing is sent, so the lists hold still.
  const body = (async function* () {
    for (let i = 0; i < PERSONS; i++) yield Buffer.from(JSON.stringify(member(i)) + '\n')
  })()
  expect(await client.sendAudience('big', body)).toMatchObject({ ok: true, value: { persons: PERSONS } })
}

/** A report file of the messages list alone, as collect writes it, and what each entry handed over. */
async function written(reads: ListReads, paged: boolean): Promise<{ text: string; seen: number; error?: string }> {
  const path = join(tempDir('pushsim-collect-'), 'report.json')
  const file = openJsonListFile(path)
  file.value('campaignId', 'big')
  file.beginList('messages')
  let seen = 0
  const error = await readList(reads, paged, (entries) => {
    seen += entries.length
    file.entries(entries)
  })
  file.endList(error === undefined)
  file.value('metrics', { sent: 0 })
  file.close()
  return { text: readFileSync(path, 'utf8'), seen, ...(error ? { error: error.code } : {}) }
}

describe('collecting a campaign’s lists', () => {
  it('reads pages or the whole list into the same file, the text JSON.stringify gives', async () => {
    const client = createDispatcherClient(app.server!.url)
    await planned(client)
    const whole = await client.messages('big')
    expect(whole.ok && whole.value.length).toBe(PERSONS)
    const reads: ListReads = { whole: () => client.messages('big'), page: (limit, after) => client.messagesPage('big', limit, after) }
    const pages: number[] = []
    const counting: ListReads = {
      ...reads,
      page: async (limit, after) => {
        const answer = await reads.page(limit, after)
        if (answer.ok) pages.push(answer.value.items.length)
        return answer
      },
    }
    const paged = await written(counting, true)
    expect(pages).toEqual([PAGE_SIZE, PAGE_SIZE, 17])
    const expected = JSON.stringify({ campaignId: 'big', messages: whole.ok ? whole.value : null, metrics: { sent: 0 } })
    expect(paged).toEqual({ text: expected, seen: PERSONS })
    expect(await written(reads, false)).toEqual({ text: expected, seen: PERSONS })
    await client.close()
  })

  it('writes null for a list the dispatcher stopped answering half-way', async () => {
    const client = createDispatcherClient(app.server!.url, { timeoutMs: 2_000 })
    const reads: ListReads = {
      whole: () => client.messages('big'),
      page: async (limit, after) => {
        // The dispatcher goes away after its first page.
        if (after !== undefined) await app.server!.close()
        return client.messagesPage('big', limit, after)
      },
    }
    const cut = await written(reads, true)
    expect(cut).toMatchObject({ seen: PAGE_SIZE, error: 'UNREACHABLE' })
    expect(JSON.parse(cut.text)).toEqual({ campaignId: 'big', messages: null, metrics: { sent: 0 } })
    await client.close()
  })
})
