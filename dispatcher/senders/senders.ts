import type { Channel } from '../model/channel.ts'
import { createApnsSender } from './apns.ts'
import type { SendersConfig } from './config.ts'
import { createFcmSender } from './fcm.ts'
import type { Sender } from './sender.ts'
import { createWebPushSender } from './webpush.ts'

export interface Senders {
  /** The sender of a channel, or undefined when its provider is not configured (credentials not found, §3). */
  forChannel(channel: Channel): Sender | undefined
  close(): Promise<void>
}

/** One sender per configured provider; a provider opens connections only when it first sends. */
export function createSenders(config: SendersConfig): Senders {
  const senders: Sender[] = []
  if (config.apns) senders.push(createApnsSender({ ...config, apns: config.apns }))
  if (config.fcm) senders.push(createFcmSender({ ...config, fcm: config.fcm }))
  if (config.webpush) senders.push(createWebPushSender({ ...config, webpush: config.webpush }))
  const byChannel = new Map<Channel, Sender>()
  for (const sender of senders) for (const channel of sender.channels) byChannel.set(channel, sender)
  return {
    forChannel: (channel) => byChannel.get(channel),
    close: async () => {
      await Promise.all(senders.map((sender) => sender.close()))
    },
  }
}
