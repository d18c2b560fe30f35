import type { OutgoingHttpHeaders } from 'node:http2'
import type { Content } from '../model/entities.ts'
import { TRACKING_KEY, type PushRequest, type Tracking } from './sender.ts'

/**
 * The HTTP/2 request of one APNs push (protocols §1.2): an alert with
 * priority 10, the delivery's providerId as apns-id on every attempt (so a
 * retry is the same notification), expiry at now + TTL, no collapse id.
 */
export function apnsHeaders(request: PushRequest, token: string, jwt: string, topic: string, nowMs: number): OutgoingHttpHeaders {
  return {
    ':method': 'POST',
    ':path': `/3/device/${encodeURIComponent(token)}`,
    authorization: `bearer ${jwt}`,
    'apns-id': request.providerId,
    'apns-topic': request.topic ?? topic,
    'apns-push-type': 'alert',
    'apns-priority': '10',
    'apns-expiration': String(apnsExpiration(request.ttlSeconds, nowMs)),
  }
}

/** UNIX seconds; 0 ("try once, do not store") when nothing of the TTL is left (§1.2). */
export function apnsExpiration(ttlSeconds: number, nowMs: number): number {
  return ttlSeconds > 0 ? Math.floor(nowMs / 1000) + Math.floor(ttlSeconds) : 0
}

/**
 * `{"aps":{"alert":{title,body}},…custom}`. Custom keys (interpretation):
 * the content's data, then `url` (deep link) and `image`; `mutable-content`
 * when there is an image, so the app's notification service extension can
 * attach it. A data key named `aps` is dropped: it would replace the alert.
 * The tracking object goes under `pushsim`, last, so no data key replaces it.
 */
export function apnsPayload(content: Content, tracking: Tracking): string {
  const { aps: _dropped, ...custom } = content.data ?? {}
  const aps = { alert: { title: content.title, body: content.body }, ...(content.image === undefined ? {} : { 'mutable-content': 1 }) }
  return JSON.stringify({
    aps,
    ...custom,
    ...(content.deepLink === undefined ? {} : { url: content.deepLink }),
    ...(content.image === undefined ? {} : { image: content.image }),
    [TRACKING_KEY]: tracking,
  })
}
