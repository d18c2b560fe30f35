/** Two fresh devices per cell on the cell's provider: the notifications the library sends, and the ledger targets they are recorded under. */
import type { Simulators } from '../../simulators/serve.ts'
import type { Notification, Provider } from './library-adapter.ts'

export interface CellTarget {
  notification: Notification
  /** The ledger's `target` for it. */
  target: string
}

const FCM_TOKEN_PREFIX = 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1-matrix-'

export function cellTargets(sims: Simulators, provider: Provider): [CellTarget, CellTarget] {
  const make = (index: number): CellTarget => {
    if (provider === 'apns') {
      const token = `${index}`.padStart(2, '0').repeat(32)
      return { notification: { provider, token }, target: token }
    }
    if (provider === 'fcm') {
      const token = `${FCM_TOKEN_PREFIX}${index}`
      return { notification: { provider, token }, target: token }
    }
    // Firefox's autopush on its real host, subscribed for the simulators' VAPID key.
    const made = sims.webpush.subscribe({ browser: 'firefox', origin: 'https://updates.push.services.mozilla.com', applicationServerKey: sims.credentials.vapid.publicKey })
    if (!made.ok) throw new Error(`web push subscription: ${made.error.message}`)
    return { notification: { provider, subscription: made.value.subscription as never }, target: made.value.id }
  }
  return [make(1), make(2)]
}
