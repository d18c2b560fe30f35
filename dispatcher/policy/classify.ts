import type { Channel } from '../model/channel.ts'
import type { ProviderResult } from '../senders/sender.ts'
import { apnsRowOfReason, classifyApns } from './classify-apns.ts'
import { classifyAppleWeb } from './classify-apple-web.ts'
import { classifyAutopush } from './classify-autopush.ts'
import { CHROME_NO_ANSWER, classifyChrome } from './classify-chrome.ts'
import { classifyFcm, INTERNAL } from './classify-fcm.ts'
import type { Classification } from './classification.ts'
import { appleReasonOf, errorOf, type ErrorRow, type ProviderResponse } from './error-of.ts'
import { retryAfterMsOf } from './retry-after.ts'
import { DISPATCH_FAILED } from './webpush-status.ts'

/** Markers the senders put on results that never reached the provider's send API. */
const NOT_SENT = 'not sent: '
const TOKEN_ENDPOINT_HEADER = 'x-dispatcher-source'
const TOKEN_ENDPOINT_SOURCE = 'oauth2-token-endpoint'

type ResponseClassifier = (response: ProviderResponse, retryAfterMs: number | undefined) => Classification

const BY_CHANNEL: Readonly<Record<Channel, ResponseClassifier>> = {
  apns: classifyApns,
  fcm: classifyFcm,
  'webpush-chrome': classifyChrome,
  'webpush-firefox': classifyAutopush,
  'webpush-kaios': classifyAutopush,
  'webpush-safari': classifyAppleWeb,
}

/**
 * No answer (timeout, reset, refused stream, GOAWAY, connection failure) is transient (§2, §4).
 * (interpretation) Its code is the channel's general retryable one: `dispatch_failed` for Safari,
 * Firefox and KaiOS web push (protocols §4.2), `apns_unknown` for APNs, `fcm_internal_server_error`
 * for FCM (the only retryable FCM server code) and Chrome (classify-chrome.ts). An APNs GOAWAY whose debug data is APNs' JSON (protocols §1.7)
 * is classified by its reason: a connect-time `BadCertificate` is an auth error, not a hiccup.
 */
function transportRow(channel: Channel, result: Extract<ProviderResult, { kind: 'transport-error' }>): ErrorRow {
  // The sender refused to send (wrong address kind, unloadable key, bad subscription keys): retrying cannot help.
  if (result.message.startsWith(NOT_SENT)) return ['credentials_not_found', 'configuration']
  if (channel === 'apns') {
    const debugData = /\{.*\}/s.exec(result.message)?.[0]
    const fromGoaway = result.error === 'goaway' && debugData !== undefined ? apnsRowOfReason(appleReasonOf(debugData)) : undefined
    return fromGoaway ?? ['apns_unknown', 'transient']
  }
  if (channel === 'fcm') return INTERNAL
  if (channel === 'webpush-chrome') return CHROME_NO_ANSWER
  return DISPATCH_FAILED
}

/**
 * One attempt's result → accepted, or exactly one dashboard code (push-semantics §3) with its
 * class and action (§4) and any Retry-After. Never throws. `now` only measures a Retry-After
 * given as an HTTP-date without a `Date` header: the run clock's now, which the provider shares.
 */
export function classify(channel: Channel, result: ProviderResult, now: number): Classification {
  if (result.kind === 'transport-error') return errorOf(transportRow(channel, result))
  // Google's token endpoint answered instead (the sender marks its answers): a refusal means the FCM credential is invalid;
  // but 429 and 5xx are that endpoint being busy or down, transient like any other (§4), so the mint is retried.
  if (result.headers[TOKEN_ENDPOINT_HEADER] === TOKEN_ENDPOINT_SOURCE) {
    return result.status === 429 || result.status >= 500 ? errorOf(INTERNAL, retryAfterMsOf(result.headers, now)) : errorOf(['gcm_ia', 'configuration'])
  }
  return BY_CHANNEL[channel](result, retryAfterMsOf(result.headers, now))
}
