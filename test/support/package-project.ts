/**
 * The files of a user's project that installed pushsim from its tarball
 * (test/package-install.test.ts): code written the way a user writes it,
 * importing only the package's public names.
 */

/** firebase-admin through `pushsim/msw`: a new service account, a send, a dead token; prints what the ledger saw. */
const SEND_THROUGH_MSW = `
import { generateKeyPairSync } from 'node:crypto'
import { cert, deleteApp, initializeApp } from 'firebase-admin/app'
import { getMessaging } from 'firebase-admin/messaging'
import { setupServer } from 'msw/node'
import { createInProcessSimulators } from 'pushsim/msw'

export async function sendThroughMsw() {
  const sims = createInProcessSimulators({ seed: 'packaged' })
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
  const account = { projectId: 'packaged-demo', clientEmail: 'sender@packaged-demo.iam.gserviceaccount.com', privateKey }
  const registered = sims.fcm.registerServiceAccount({ clientEmail: account.clientEmail, projectId: account.projectId, key: privateKey })
  if (!registered.ok) throw new Error(JSON.stringify(registered))
  sims.fcm.unregisterToken('dead-token:APA91bGone')
  const server = setupServer(...sims.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  const app = initializeApp({ credential: cert(account) }, 'packaged')
  try {
    const messaging = getMessaging(app)
    const name = await messaging.send({ token: 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1', notification: { title: 'from node_modules' } })
    const dead = await messaging.send({ token: 'dead-token:APA91bGone' }).then(() => 'sent', (error) => error.code)
    const statuses = sims.ledger.query({ pathPrefix: '/v1/projects/packaged-demo/messages:send' }).entries.map((entry) => entry.response.status)
    return { name, dead, statuses, tokens: sims.ledger.count({ pathPrefix: '/token', status: 200 }) }
  } finally {
    await deleteApp(app)
    server.close()
  }
}
`

const NODE_SCRIPT = `
import { sendThroughMsw } from './send-through-msw.mjs'
console.log(JSON.stringify(await sendThroughMsw()))
`

const VITEST_FILE = `
import { expect, it } from 'vitest'
import { sendThroughMsw } from './send-through-msw.mjs'

it('sends with firebase-admin through pushsim/msw', async () => {
  const outcome = await sendThroughMsw()
  expect(outcome.name).toMatch(/^projects\\/packaged-demo\\/messages\\//)
  expect(outcome.dead).toBe('messaging/registration-token-not-registered')
  expect(outcome.statuses).toEqual([200, 404])
})
`

/** A user's own scenario; the @ts-expect-error fails the type check if defineScenario's parameter were untyped. */
const USER_SCENARIO = `
import { defineScenario, type Scenario } from 'pushsim/scenarios'

// @ts-expect-error: a scenario's name is a string
defineScenario({ name: 42 })

const audience: Scenario['audience'] = { persons: 20 }

export default defineScenario({
  name: 'packaged-user-scenario',
  seed: 3,
  clock: { start: '2026-03-02T09:00:00+01:00' },
  audience,
  campaigns: [{ name: 'hello', template: { title: 'Hello', deepLink: 'https://shop.example/hello' }, targeting: 'all-devices' }],
  workload: { phases: [{ name: 'send', at: '0s', executors: [{ executor: 'campaign', campaign: 'hello', rate: '10/s' }] }] },
})
`

/** Every entry point a user scripts, with a type from each: type-checked, then run by Node, which must resolve each to dist/. */
const PUBLIC_API = `
import { startSimulators, type Simulators } from 'pushsim'
import { createInProcessSimulators } from 'pushsim/msw'
import { defineScenario, loadScenario, type ScenarioPlan } from 'pushsim/scenarios'
import { runScenario, writeRunResult, type RunOptions } from 'pushsim/run'
import { verifyRun } from 'pushsim/oracle'
import type { RunResult } from 'pushsim/result'
import { renderMarkdown } from 'pushsim/reports/markdown'
import { renderConsoleSummary } from 'pushsim/reports/console'

export type Used = [Simulators, ScenarioPlan, RunOptions, RunResult]
const used = { startSimulators, createInProcessSimulators, defineScenario, loadScenario, runScenario, writeRunResult, verifyRun, renderMarkdown, renderConsoleSummary }
console.log(JSON.stringify(Object.fromEntries(Object.entries(used).map(([name, value]) => [name, typeof value]))))
`

// lib dom: msw's own declarations name fetch's and WebSocket's DOM types.
const TSCONFIG = {
  compilerOptions: { target: 'es2024', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, allowImportingTsExtensions: true, verbatimModuleSyntax: true, types: ['node'], lib: ['es2024', 'dom'] },
  include: ['*.ts'],
}

export const PROJECT_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'pushsim-user', private: true, type: 'module' }, null, 2),
  'send-through-msw.mjs': SEND_THROUGH_MSW,
  'send.mjs': NODE_SCRIPT,
  'send.test.mjs': VITEST_FILE,
  'my.scenario.ts': USER_SCENARIO,
  'api.ts': PUBLIC_API,
  'tsconfig.json': JSON.stringify(TSCONFIG, null, 2),
}
