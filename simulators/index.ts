/**
 * pushsim's public surface: start the simulators on real sockets, or use a
 * provider core directly. The in-process msw handlers are `pushsim/msw`.
 *
 * @example
 * const sims = await startSimulators({ ports: { apns: 0, fcm: 0 }, seed: 'demo' })
 * console.log(sims.endpoints.apns, sims.tls.caPath)
 * await sims.close()
 */
export { startSimulators, DEFAULT_PORTS, DEFAULT_STATE_DIR, type Simulators, type SimulatorsOptions, type Endpoints, type PortName } from './serve.ts'
export { createApnsCore, type ApnsCore, type ApnsOptions } from './providers/apns/index.ts'
export { createFcmCore, type FcmCore, type FcmOptions } from './providers/fcm/index.ts'
export { createWebPushCore, type WebPushCore, type WebPushOptions, type Browser } from './providers/webpush/index.ts'
export type { Ledger, LedgerPage } from './ledger/ledger.ts'
export type { LedgerEntry } from './ledger/entry.ts'
export type { LedgerQuery } from './ledger/query.ts'
export * from './kernel/index.ts'
