// node-pushnotifications, as its README shows: one PushNotifications with APNs settings; send() resolves a result per method.
import PushNotifications from 'node-pushnotifications'
import type { OpenClient } from '../library-adapter.ts'
import { failure, wrongProvider } from './failure.ts'

const open: OpenClient = ({ apns }) => {
  const push = new PushNotifications({ apn: { token: { key: apns.keyPath, keyId: apns.keyId, teamId: apns.teamId }, production: true } })
  return {
    async send(notification) {
      if (notification.provider !== 'apns') wrongProvider('node-pushnotifications', notification.provider)
      const results = await push.send([notification.token], { title: 'pushsim matrix', topic: apns.topic })
      const message = results[0]?.message[0]
      if (message === undefined) return failure({ error: 'node-pushnotifications returned no result' })
      // errorMsg is the only detail it passes on: the APNs reason, or the error's message.
      return message.error ? failure({ reason: message.errorMsg, error: message.error }) : { ok: true }
    },
    close: async () => {},
  }
}
export default open
