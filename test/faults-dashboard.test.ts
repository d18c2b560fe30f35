/**
 * Every dashboard code, injected by name over real sockets, reaches the
 * client in exactly its catalogue entry's wire form for each place it can be
 * answered. (The catalogue's own tests pin those forms to protocols.md §4;
 * this proves the injection path delivers them unaltered.)
 */
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CATALOGUE, renderWire, wireFor } from '../simulators/catalogue/index.ts'
import type { WireTarget } from '../simulators/catalogue/types.ts'
import { manualClock } from '../simulators/kernel/clock.ts'
import { createRng } from '../simulators/kernel/rng.ts'
import { apnsJwt, apnsPush, apnsSession } from './support/apns-client.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
let jwt: string
beforeAll(async () => {
  sims = await startTestSimulators()
  jwt = await apnsJwt(sims)
})
afterAll(() => sims?.stop())

const TARGETS: readonly WireTarget[] = ['apns', 'fcm', 'chrome', 'firefox', 'kaios', 'safari']
const cases = CATALOGUE.filter((entry) => entry.kind === 'dashboard').flatMap((entry) =>
  TARGETS.filter((target) => entry.wire[target]).map((target) => [entry.name, target] as const),
)

interface Seen {
  delivery: string
  status: number
  contentType: string | undefined
  retryAfter: string | undefined
  body: string
}

/** Sends one request to `target` with the code injected, and reads what the client and the ledger saw. */
async function provoke(code: string, target: WireTarget): Promise<Seen> {
  sims.faults.clear()
  const match = target === 'apns' || target === 'fcm' ? { provider: target } : { provider: 'webpush', flavour: target }
  const added = sims.faults.add({ type: 'error', match, attributes: { code } })
  if (!added.ok) throw new Error(added.error.message)
  const before = sims.ledger.recorded
  let status = 0
  let contentType: string | undefined
  let retryAfter: string | undefined
  let body = ''
  try {
    if (target === 'apns') {
      const session = apnsSession(sims)
      try {
        const answer = await apnsPush(session, jwt, 'c3'.repeat(32))
        ;({ status, body } = answer)
        contentType = answer.headers['content-type'] as string | undefined
        retryAfter = answer.headers['retry-after'] as string | undefined
      } finally {
        session.destroy()
      }
    } else {
      const url =
        target === 'fcm'
          ? `${sims.endpoints.fcm}/v1/projects/pushsim-demo/messages:send`
          : (() => {
              const made = sims.webpush.subscribe({ browser: target, origin: sims.endpoints.webpush, applicationServerKey: sims.credentials.vapid.publicKey })
              if (!made.ok) throw new Error(made.error.message)
              return made.value.subscription.endpoint
            })()
      const response = await request(url, { method: 'POST', headers: { ttl: '60' }, body: '{}', headersTimeout: 500 })
      status = response.statusCode
      contentType = response.headers['content-type'] as string | undefined
      retryAfter = response.headers['retry-after'] as string | undefined
      body = await response.body.text()
    }
  } catch {
    // Connection-level forms (reset, GOAWAY before any answer, hang) end the request without a response.
  }
  const [entry] = sims.ledger.query({ afterSeq: before, fault: 'true' }).entries
  return { delivery: entry?.delivery ?? 'none', status, contentType, retryAfter, body }
}

describe('dashboard codes injected by name', () => {
  it.each(cases)('%s on %s', async (code, target) => {
    const entry = CATALOGUE.find((candidate) => candidate.name === code)!
    const spec = wireFor(entry, target)!
    const seen = await provoke(code, target)
    if (spec.kind !== 'respond') {
      expect(seen.delivery).toBe(spec.kind)
      return
    }
    const expected = renderWire(spec, { target, rng: createRng('expected'), clock: manualClock() })
    if (expected.kind !== 'respond') throw new Error('unreachable')
    const want = expected.response
    expect(seen.delivery).toBe('respond')
    expect(seen.status).toBe(want.status)
    expect(seen.contentType).toBe(want.headers['content-type'])
    expect(seen.retryAfter).toBe(want.headers['retry-after'])
    // APNs 410 bodies carry the time they were made; everything else is byte for byte.
    const withoutTimestamp = (text: string) => text.replace(/"timestamp":\d+/, '"timestamp":0')
    expect(withoutTimestamp(seen.body)).toBe(withoutTimestamp(want.body === undefined ? '' : want.body.toString()))
  })
})
