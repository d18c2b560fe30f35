import type { PushRequest } from './sender.ts'

/** FCM keeps a message at most 4 weeks (protocols §2.2: android.ttl 0–2 419 200 s). */
export const FCM_MAX_TTL_SECONDS = 2_419_200

/**
 * The HTTP v1 body of one send (protocols §2.2): notification {title, body,
 * image}, data (string map) with the deep link as `url` (interpretation),
 * android {ttl: "<n>s", priority: "high"}. Icons and actions have no FCM
 * notification field that takes a URL or buttons; they are left out.
 */
export function fcmMessage(request: PushRequest, token: string): { message: Record<string, unknown> } {
  const { content } = request
  const data = { ...content.data, ...(content.deepLink === undefined ? {} : { url: content.deepLink }) }
  const ttl = Math.min(FCM_MAX_TTL_SECONDS, Math.max(0, Math.floor(request.ttlSeconds)))
  return {
    message: {
      token,
      notification: { title: content.title, body: content.body, ...(content.image === undefined ? {} : { image: content.image }) },
      ...(Object.keys(data).length === 0 ? {} : { data }),
      android: { ttl: `${ttl}s`, priority: 'high' },
    },
  }
}
