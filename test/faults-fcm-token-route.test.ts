/**
 * A fault on FCM fails sends, not the OAuth token request a client must make
 * before it can send at all (issue 14: the README's own
 * `--fault 'fcm:error=UNAVAILABLE:first=2'` turned the printed curl's token
 * fetch into a 401). A fault reaches the token route only when it names it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { fetchFcmAccessToken } from '../harness/cli/provider-tokens.ts'
import { startTestSimulators } from './support/simulators.ts'

let stop: (() => Promise<void>) | undefined
afterEach(async () => {
  await stop?.()
  stop = undefined
})

async function sendWith(faults: unknown) {
  const sims = await startTestSimulators({ faults })
  stop = sims.stop
  const account = sims.credentials.fcm.serviceAccount as Parameters<typeof fetchFcmAccessToken>[0] & { project_id: string }
  const token = await fetchFcmAccessToken(account, sims.clock.now()).then(
    (value) => ({ ok: true as const, value }),
    (error: Error) => ({ ok: false as const, error: error.message }),
  )
  if (!token.ok) return { token }
  const send = await fetch(`${sims.endpoints.fcm}/v1/projects/${account.project_id}/messages:send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.value}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: { token: 'route:APA91b000', notification: { title: 't' } } }),
  })
  return { token, send: send.status }
}

describe('FCM faults and the OAuth token route', () => {
  it('a fault matching FCM fails the send and leaves the token request alone', async () => {
    const outcome = await sendWith([{ type: 'error', match: { provider: 'fcm' }, attributes: { code: 'UNAVAILABLE' } }])
    expect(outcome.token.ok).toBe(true)
    expect(outcome.send).toBe(503)
  })

  it('a fault that names the token route reaches it', async () => {
    const outcome = await sendWith([{ type: 'error', match: { provider: 'fcm', route: '/token' }, attributes: { code: 'UNAVAILABLE' } }])
    expect(outcome.token.ok).toBe(false)
  })
})
