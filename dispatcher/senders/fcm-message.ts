import { TRACKING_KEY, type PushRequest } from './sender.ts'

/** FCM keeps a message at most 4 weeks (protocols §2.2: android.ttl 0–2 419 200 s). */
export const FCM_MAX_TTL_SECONDS = 2_419_200

/**
 * The HTTP v1 body of one send (protocols §2.2): notification {title, body,
 * image}, data (string map) with the deep link as `url` (interpretation) and
 * the tracking object as `pushsim.id` / `pushsim.token`,
 * android {ttl: "<n>s", priority: "high"}. Icons and actions have no FCM
 * notification field that takes a URL or buttons; they are left out.
 */
export function fcmMessage(request: PushRequest, token: string): { message: Record<string, unknown> } {
  const { content } = request
  const data = {
    ...content.data,
    ...(content.deepLink === undefined ? {} : { url: content.deepLink }),
    // FCM data is a flat string map: the tracking object as two entries.
    [`${TRACKING_KEY}.id`]: request.tracking.id,
    [`${TRACKING_KEY}.token`]: request.tracking.token,
  }
  const ttl = Math.min(FCM_MAX_TTL_SECONDS, Math.max(0, Math.floor(request.ttlSeconds)))
  return {
    message: {
      token,
      notification: { title: content.title, body: content.body, ...(content.image === undefined ? {} : { image: content.image }) },
      data,
      android: { ttl: `${ttl}s`, priority: 'high' },
    },
  }
}
