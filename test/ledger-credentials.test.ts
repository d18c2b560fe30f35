/**
 * Credentials never reach the ledger in the clear: not the bearer token of a
 * send (headers), not the signed grant a client posts to the OAuth token
 * endpoint, not the access token it gets back — in the admin API's entries
 * and in the NDJSON file alike.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { fetchFcmAccessToken } from '../harness/cli/provider-tokens.ts'
import { startTestSimulators } from './support/simulators.ts'

let sims: Awaited<ReturnType<typeof startTestSimulators>>
beforeAll(async () => {
  sims = await startTestSimulators()
})
afterAll(() => sims?.stop())

it('the OAuth grant and the access token are redacted in entries and in the file', async () => {
  const before = sims.ledger.recorded
  const accessToken = await fetchFcmAccessToken(sims.credentials.fcm.serviceAccount)
  const send = await fetch(`${sims.endpoints.fcm}/v1/projects/${sims.credentials.fcm.serviceAccount.project_id}/messages:send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: { token: 'redaction-token-00000000' } }),
  })
  expect(send.status).toBe(200)
  const [grant, push] = sims.ledger.query({ afterSeq: before, provider: 'fcm' }).entries
  expect(grant!.request.body).toMatch(/^grant_type=[^&]+&assertion=\[redacted\]$/)
  expect(JSON.parse(grant!.response.body)).toMatchObject({ access_token: '[redacted]', token_type: 'Bearer' })
  expect(push!.request.headers.authorization).toBe('Bearer [redacted]')
  await sims.ledger.flush()
  const file = readFileSync(sims.ledger.path!, 'utf8')
  expect(file).toContain('assertion=[redacted]')
  expect(file).not.toContain(accessToken)
  expect(file).not.toMatch(/assertion=ey/)
})
