import type { Content } from '../model/entities.ts'
import { TRACKING_KEY, type Tracking } from './sender.ts'

/**
 * What the site's service worker receives (interpretation, the common shape
 * of push vendors): {title, body, icon?, image?, url (deep link)?, actions?, data?}, and
 * the tracking object under `pushsim`.
 * The same for every browser; Safari ignores icon, image and actions (push-semantics §9).
 */
export function webPushPayload(content: Content, tracking: Tracking): string {
  return JSON.stringify({
    title: content.title,
    body: content.body,
    ...(content.icon === undefined ? {} : { icon: content.icon }),
    ...(content.image === undefined ? {} : { image: content.image }),
    ...(content.deepLink === undefined ? {} : { url: content.deepLink }),
    ...(content.actions === undefined ? {} : { actions: content.actions }),
    ...(content.data === undefined ? {} : { data: content.data }),
    [TRACKING_KEY]: tracking,
  })
}
