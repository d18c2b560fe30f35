import type { PortName } from '../../simulators/serve.ts'

/** The CLI flag of each simulator port: `serve` listens on them, `conformance` finds an external dispatcher's simulators by them. */
export const PORT_FLAGS: Readonly<Record<PortName, string>> = {
  admin: 'admin-port',
  apns: 'apns-port',
  apnsH2c: 'apns-h2c-port',
  fcm: 'fcm-port',
  fcmTls: 'fcm-tls-port',
  webpush: 'webpush-port',
  webpushTls: 'webpush-tls-port',
}
