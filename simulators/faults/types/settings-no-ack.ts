import { connectionFault, type NoAttributes } from './define.ts'

export const settingsNoAck = connectionFault<'settings-no-ack', NoAttributes>({
  name: 'settings-no-ack',
  summary: "HTTP/2: never acknowledge the client's SETTINGS",
  scope: 'connection',
  attributeKeys: [],
  decode: () => ({}),
  shorthand: { example: 'apns:settings-no-ack' },
  contribute: (_fault, behaviour) => {
    behaviour.http2.ignoreSettings = true
  },
})
