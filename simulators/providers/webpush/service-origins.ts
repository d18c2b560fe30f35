import type { Browser } from './types.ts'

/**
 * The real push service origins, one per flavour: where subscriptions made
 * for programs that keep the real hosts (the in-process mode, `pushsim exec`)
 * point, and the hosts those modes answer for.
 */
export const WEB_PUSH_ORIGINS: Record<Browser, string> = {
  chrome: 'https://fcm.googleapis.com',
  firefox: 'https://updates.push.services.mozilla.com',
  // KaiOS runs its own autopush-derived service; this host is an interpretation (protocols.md §3.4).
  kaios: 'https://push.kaiostech.com',
  safari: 'https://web.push.apple.com',
}

/**
 * Google's front end serves the FCM API and Chrome's web push endpoints on
 * one host, fcm.googleapis.com, told apart by path (protocols.md §3.5):
 * `/wp/<token>` and `/fcm/send/<token>` (the bare `/fcm/send` is legacy FCM).
 */
export function isChromePushPath(path: string): boolean {
  return path.startsWith('/wp/') || /^\/fcm\/send\/[^/?]+/.test(path)
}
