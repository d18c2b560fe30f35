import type { Browser } from '../../providers/webpush/index.ts'

/** The real provider origins the in-process mode answers for. */
export const WEB_PUSH_ORIGINS: Record<Browser, string> = {
  chrome: 'https://fcm.googleapis.com',
  firefox: 'https://updates.push.services.mozilla.com',
  // KaiOS runs its own autopush-derived service; this host is an interpretation (protocols.md §3.4).
  kaios: 'https://push.kaiostech.com',
  safari: 'https://web.push.apple.com',
}

const OAUTH_HOSTS = new Set(['oauth2.googleapis.com', 'www.googleapis.com', 'accounts.google.com'])
const WEB_PUSH_HOSTS = new Set(Object.values(WEB_PUSH_ORIGINS).map((origin) => new URL(origin).hostname))

/**
 * Which core answers a URL. fcm.googleapis.com serves both the FCM API and
 * Chrome's web push endpoints, told apart by path, as Google's front end does.
 */
export function coreFor(url: URL): 'fcm' | 'webpush' | undefined {
  if (url.hostname === 'fcm.googleapis.com') {
    return url.pathname.startsWith('/wp/') || /^\/fcm\/send\/[^/]+/.test(url.pathname) ? 'webpush' : 'fcm'
  }
  if (OAUTH_HOSTS.has(url.hostname)) return 'fcm'
  if (WEB_PUSH_HOSTS.has(url.hostname)) return 'webpush'
  return undefined
}
