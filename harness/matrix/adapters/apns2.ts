// apns2, as its README shows: token-based ApnsClient to api.push.apple.com; send() resolves, or throws ApnsError.
import { readFileSync } from 'node:fs'
import { ApnsClient, Notification } from 'apns2'
import type { OpenClient } from '../library-adapter.ts'
import { failure, wrongProvider } from './failure.ts'

const open: OpenClient = ({ apns }) => {
  const client = new ApnsClient({ team: apns.teamId, keyId: apns.keyId, signingKey: readFileSync(apns.keyPath, 'utf8'), defaultTopic: apns.topic })
  return {
    async send(notification) {
      if (notification.provider !== 'apns') wrongProvider('apns2', notification.provider)
      try {
        await client.send(new Notification(notification.token, { alert: 'pushsim matrix' }))
        return { ok: true }
      } catch (error) {
        const e = error as { statusCode?: number; reason?: string; timestamp?: number }
        return failure({ status: e.statusCode, reason: e.reason, timestamp: e.timestamp, error })
      }
    },
    close: () => client.close(),
  }
}
export default open
