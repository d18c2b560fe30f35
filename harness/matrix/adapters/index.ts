/**
 * The libraries the matrix measures: one line each. Adding a library is
 * adding its adapter file beside this one and a line here.
 */
import type { Provider } from '../library-adapter.ts'

export interface LibraryEntry {
  /** Row name in the matrix, and what --only matches. */
  id: string
  /** The npm package whose installed version the matrix records. */
  package: string
  /** The provider the matrix drives it against (a library that speaks several is measured on its first). */
  provider: Provider
  /** The adapter module, loaded in the library's own child process. */
  module: URL
}

// Compiled (the installed package) the adapters are JavaScript.
const EXT = import.meta.url.endsWith('.js') ? '.js' : '.ts'
const adapter = (name: string): URL => new URL(`./${name}${EXT}`, import.meta.url)

export const LIBRARIES: readonly LibraryEntry[] = [
  { id: 'apns2', package: 'apns2', provider: 'apns', module: adapter('apns2') },
  { id: '@parse/node-apn', package: '@parse/node-apn', provider: 'apns', module: adapter('parse-node-apn') },
  { id: 'firebase-admin send', package: 'firebase-admin', provider: 'fcm', module: adapter('firebase-admin-send') },
  { id: 'firebase-admin sendEach', package: 'firebase-admin', provider: 'fcm', module: adapter('firebase-admin-send-each') },
  { id: 'web-push', package: 'web-push', provider: 'webpush', module: adapter('web-push') },
  { id: 'node-pushnotifications', package: 'node-pushnotifications', provider: 'apns', module: adapter('node-pushnotifications') },
  { id: '@parse/push-adapter', package: '@parse/push-adapter', provider: 'apns', module: adapter('parse-push-adapter') },
]
