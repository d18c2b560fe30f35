import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDispatcher, type DispatcherApp, type DispatcherConfig } from '../../dispatcher/app.ts'
import type { Simulators } from '../../simulators/serve.ts'

/** The reference dispatcher configured against running simulators, with a fresh database file. */
export function startTestDispatcher(sims: Simulators, overrides: Partial<DispatcherConfig> = {}): Promise<DispatcherApp> {
  const { apns, fcm, vapid } = sims.credentials
  return startDispatcher({
    database: join(mkdtempSync(join(tmpdir(), 'pushsim-dispatcher-')), 'dispatcher.db'),
    seed: 'test',
    providers: {
      apns: { url: sims.endpoints.apns, keyId: apns.keyId, teamId: apns.teamId, key: apns.key, topic: apns.topic },
      fcm: { url: sims.endpoints.fcm, serviceAccount: fcm.serviceAccount },
      webpush: { vapid: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey } },
      ca: sims.tls.ca,
    },
    ...overrides,
  })
}
