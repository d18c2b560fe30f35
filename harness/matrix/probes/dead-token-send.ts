import type { Probe } from '../probe.ts'

/** The experiment dead-token and error-detail share, judged differently: one send to a token the provider calls dead (APNs 410 Unregistered with its timestamp, FCM 404 UNREGISTERED, autopush 410). */
export const sendToDeadToken: Pick<Probe, 'providers' | 'faults' | 'drive'> = {
  providers: ['apns', 'fcm', 'webpush'],
  faults: ({ provider, target, codes }) => [`${provider}:error=${codes.dead}:target=${target}`],
  drive: async ({ notifications, library }) => [await library.send(notifications[0], 10_000)],
}
