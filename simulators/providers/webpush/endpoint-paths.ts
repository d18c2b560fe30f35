import type { Browser } from './types.ts'

/**
 * Endpoint paths. One listener serves every flavour, so the path carries the
 * flavour. Autopush tokens are versioned: v1 for subscriptions made without
 * an applicationServerKey, v2 for VAPID-restricted ones (protocols.md §3.4).
 */
export type ApiVersion = 1 | 2

export interface EndpointRoute {
  browser: Browser
  id: string
  /** Autopush path version; Chrome and Safari paths have none. */
  version?: ApiVersion
}

/** What the path said when it names no subscription. */
export type RouteMiss = { browser: Browser; problem: 'bad-version' } | { browser: undefined; problem: 'bad-path' }

const ID_CHARS = /^[A-Za-z0-9_-]+$/

/**
 * Ids are base64url. The path parser does not check this (the registry
 * lookup settles it); a miss is classified with this afterwards.
 */
export const isWellFormedId = (id: string): boolean => ID_CHARS.test(id)

/** Id lengths in bytes, near the real token sizes so endpoint-column bugs surface. */
export const ID_BYTES: Record<Browser, (version: ApiVersion) => number> = {
  chrome: () => 105,
  firefox: (version) => (version === 2 ? 150 : 105),
  kaios: (version) => (version === 2 ? 150 : 105),
  safari: () => 96,
}

/**
 * The first character of every drawn id, one per endpoint kind: ids of
 * different flavours (or autopush versions) then differ from their first
 * character on, so none is ever a prefix of another, and ids of one kind all
 * have one length, so none is a prefix of another unless equal.
 */
export const ID_TAG: Record<Browser, (version: ApiVersion) => string> = {
  chrome: () => 'c',
  firefox: (version) => (version === 2 ? 'g' : 'f'),
  kaios: (version) => (version === 2 ? 'l' : 'k'),
  safari: () => 's',
}

/** Longest id a caller may choose (drawn ids are at most 200 characters). */
export const MAX_GIVEN_ID_LENGTH = 400

export function endpointPath(browser: Browser, id: string, version: ApiVersion): string {
  switch (browser) {
    case 'chrome':
      return `/wp/${id}`
    case 'firefox':
      return `/wpush/v${version}/${id}`
    case 'kaios':
      return `/kaios/wpush/v${version}/${id}`
    case 'safari':
      return `/safari/${id}`
  }
}

/**
 * Parses a request path (query ignored); cheap string slicing only, the hot
 * path runs it on every push. `authority`, when it names a push service's
 * real host (a program run through `pushsim exec` keeps it), also picks the
 * flavour: Apple's endpoints are `https://web.push.apple.com/<token>` and
 * KaiOS' autopush ones `/wpush/…` on its own host, paths that alone say neither.
 */
export function parseEndpointPath(rawPath: string, authority?: string): EndpointRoute | RouteMiss {
  const query = rawPath.indexOf('?')
  const path = query === -1 ? rawPath : rawPath.slice(0, query)
  const byHost = authority === undefined ? undefined : hostFlavour(authority)
  if (byHost === 'safari' && !path.startsWith('/safari/') && path.length > 1 && path.indexOf('/', 1) === -1) return single('safari', path.slice(1))
  if (byHost === 'kaios' && path.startsWith('/wpush/')) return autopush('kaios', path.slice(7))
  if (path.startsWith('/wp/')) return single('chrome', path.slice(4))
  if (path.startsWith('/fcm/send/')) return single('chrome', path.slice(10))
  if (path.startsWith('/safari/')) return single('safari', path.slice(8))
  if (path.startsWith('/wpush/')) return autopush('firefox', path.slice(7))
  if (path.startsWith('/kaios/wpush/')) return autopush('kaios', path.slice(13))
  return { browser: undefined, problem: 'bad-path' }
}

/** The flavour a push service host implies where its paths do not (the others' paths name theirs). */
function hostFlavour(authority: string): Browser | undefined {
  const colon = authority.lastIndexOf(':')
  const host = (colon === -1 || authority.endsWith(']') ? authority : authority.slice(0, colon)).toLowerCase()
  return host === 'web.push.apple.com' ? 'safari' : host === 'push.kaiostech.com' ? 'kaios' : undefined
}

function single(browser: Browser, rest: string): EndpointRoute {
  return { browser, id: rest }
}

// autoendpoint routes `/wpush/{api_version}/{token}` and `/wpush/{token}` (v1) [src: server.rs].
function autopush(browser: Browser, rest: string): EndpointRoute | RouteMiss {
  const slash = rest.indexOf('/')
  if (slash === -1) return { browser, id: rest, version: 1 }
  const versionText = rest.slice(0, slash)
  const id = rest.slice(slash + 1)
  if (versionText === 'v1') return { browser, id, version: 1 }
  if (versionText === 'v2') return { browser, id, version: 2 }
  return { browser, problem: 'bad-version' }
}
