import { isChromePushPath, WEB_PUSH_ORIGINS } from '../../providers/webpush/service-origins.ts'

/** The real provider origins the in-process mode answers for. */
export { WEB_PUSH_ORIGINS }

const OAUTH_HOSTS = new Set(['oauth2.googleapis.com', 'www.googleapis.com', 'accounts.google.com'])
const WEB_PUSH_HOSTS = new Set(Object.values(WEB_PUSH_ORIGINS).map((origin) => new URL(origin).hostname))

/**
 * Which core answers a URL. fcm.googleapis.com serves both the FCM API and
 * Chrome's web push endpoints, told apart by path, as Google's front end does.
 */
export function coreFor(url: URL): 'fcm' | 'webpush' | undefined {
  if (url.hostname === 'fcm.googleapis.com') {
    return isChromePushPath(url.pathname) ? 'webpush' : 'fcm'
  }
  if (OAUTH_HOSTS.has(url.hostname)) return 'fcm'
  if (WEB_PUSH_HOSTS.has(url.hostname)) return 'webpush'
  return undefined
}
