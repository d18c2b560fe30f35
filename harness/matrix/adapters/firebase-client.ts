import { applicationDefault, deleteApp, initializeApp } from 'firebase-admin/app'
import { getMessaging, type Messaging } from 'firebase-admin/messaging'
import type { LibraryClient } from '../library-adapter.ts'
import type { SendResult } from '../protocol.ts'
import { failure, wrongProvider } from './failure.ts'

/**
 * firebase-admin as Firebase's setup guide shows it (Application Default
 * Credentials), around one way of sending; what it throws or reports is read
 * the same way for both.
 */
export function firebaseClient(appName: string, sendOne: (messaging: Messaging, token: string) => Promise<SendResult>): LibraryClient {
  const app = initializeApp({ credential: applicationDefault() }, appName)
  const messaging = getMessaging(app)
  return {
    async send(notification) {
      if (notification.provider !== 'fcm') wrongProvider('firebase-admin', notification.provider)
      try {
        return await sendOne(messaging, notification.token)
      } catch (error) {
        return firebaseFailure(error)
      }
    },
    close: () => deleteApp(app),
  }
}

/** A FirebaseMessagingError as the application reads it: its code, and the HTTP answer the error carries. */
export function firebaseFailure(error: unknown): SendResult {
  const e = error as { code?: string; httpResponse?: { status?: number; headers?: Record<string, string> } }
  return failure({ status: e.httpResponse?.status, reason: e.code, retryAfter: e.httpResponse?.headers?.['retry-after'], error })
}
