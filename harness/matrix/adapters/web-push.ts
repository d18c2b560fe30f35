// web-push, as its README shows: VAPID details set once, sendNotification() resolves, or rejects with WebPushError.
import webpush from 'web-push'
import type { OpenClient } from '../library-adapter.ts'
import { failure, wrongProvider } from './failure.ts'

const open: OpenClient = ({ vapid }) => {
  webpush.setVapidDetails('mailto:ops@example.com', vapid.publicKey, vapid.privateKey)
  return {
    async send(notification) {
      if (notification.provider !== 'webpush') wrongProvider('web-push', notification.provider)
      try {
        await webpush.sendNotification(notification.subscription, JSON.stringify({ title: 'pushsim matrix' }), { TTL: 60 })
        return { ok: true }
      } catch (error) {
        const e = error as { statusCode?: number; body?: string; headers?: Record<string, string> }
        return failure({ status: e.statusCode, reason: e.body, retryAfter: e.headers?.['retry-after'], error })
      }
    },
    close: async () => {},
  }
}
export default open
