// @parse/push-adapter, as Parse Server configures it: iOS through APNs (token key); send() resolves a result per installation.
import ParsePushAdapterModule from '@parse/push-adapter'
import type { OpenClient } from '../library-adapter.ts'
import { failure, wrongProvider } from './failure.ts'

type Adapter = new (config: unknown) => { send(data: unknown, installations: unknown[]): Promise<PushResult[]> }
// CommonJS with `exports.default`: imported from ESM, the class is the module's `default.default`.
const ParsePushAdapter: Adapter = ParsePushAdapterModule.default ?? ParsePushAdapterModule

interface PushResult {
  transmitted: boolean
  response?: { error?: unknown }
}

const open: OpenClient = ({ apns }) => {
  const adapter = new ParsePushAdapter({ ios: { token: { key: apns.keyPath, keyId: apns.keyId, teamId: apns.teamId }, topic: apns.topic, production: true } })
  return {
    async send(notification) {
      if (notification.provider !== 'apns') wrongProvider('@parse/push-adapter', notification.provider)
      const [result] = await adapter.send({ data: { alert: 'pushsim matrix' } }, [{ deviceType: 'ios', deviceToken: notification.token, appIdentifier: apns.topic }])
      if (result === undefined) return failure({ error: '@parse/push-adapter returned no result' })
      if (result.transmitted) return { ok: true }
      // It hands over one field, `error`: the APNs reason as a string, or the error node-apn reported.
      const error = result.response?.error
      return typeof error === 'string' ? failure({ reason: error }) : failure({ error })
    },
    close: async () => {},
  }
}
export default open
