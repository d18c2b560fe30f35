// @parse/node-apn, as its README shows: a token-based Provider for production; send() resolves { sent, failed }.
import apn from '@parse/node-apn'
import type { OpenClient } from '../library-adapter.ts'
import { failure, wrongProvider } from './failure.ts'

const open: OpenClient = ({ apns }) => {
  const provider = new apn.Provider({ token: { key: apns.keyPath, keyId: apns.keyId, teamId: apns.teamId }, production: true })
  return {
    async send(notification) {
      if (notification.provider !== 'apns') wrongProvider('@parse/node-apn', notification.provider)
      const note = new apn.Notification()
      note.alert = 'pushsim matrix'
      note.topic = apns.topic
      const result = await provider.send(note, notification.token)
      const failed = result.failed[0]
      if (failed === undefined) return { ok: true }
      return failure({ status: failed.status, reason: failed.response?.reason, timestamp: failed.response?.timestamp, error: failed.error })
    },
    close: async () => void provider.shutdown(),
  }
}
export default open
