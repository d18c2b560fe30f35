import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProviderCore, RequestSubject, SimRequest } from '../../kernel/exchange.ts'
import { buildRequest, newConnection } from '../../kernel/request.ts'
import { exchangeSubject } from './subject.ts'

function fakeCore(subject: (request: SimRequest) => RequestSubject): ProviderCore {
  return {
    name: 'fcm',
    subjectOf: subject,
    handle: () => ({ kind: 'respond', response: { status: 200, headers: {} } }),
    reset: () => {},
  }
}

describe('exchangeSubject', () => {
  it('takes provider, route, headers and connection from the request, flavour and target from the core', () => {
    const request = buildRequest({ path: '/some/route?x=1', headers: { 'apns-topic': 'com.example' }, connection: newConnection('h2', true, 42) })
    const subject = exchangeSubject(
      fakeCore(() => ({ flavour: 'demo', target: 'tok-1' })),
      request,
    )
    expect({ ...subject, target: subject.target }).toEqual({
      provider: 'fcm',
      flavour: 'demo',
      route: '/some/route?x=1',
      headers: { 'apns-topic': 'com.example' },
      connectionOrdinal: 42,
      credentials: false,
      target: 'tok-1',
    })
  })

  it("reads the core's target only when asked", () => {
    let reads = 0
    const subject = exchangeSubject(
      fakeCore(() => ({
        flavour: undefined,
        get target() {
          reads += 1
          return 'lazy'
        },
      })),
      buildRequest({ path: '/' }),
    )
    expect(reads).toBe(0)
    expect(subject.target).toBe('lazy')
    expect(reads).toBe(1)
  })

  it('the fault engine imports no provider: the cores name their subjects', () => {
    const root = join(import.meta.dirname, '..')
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) return sources(path)
        return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
      })
    const offending = sources(root).filter((file) => /from '[./]*\/providers\//.test(readFileSync(file, 'utf8')))
    expect(offending).toEqual([])
  })
})
