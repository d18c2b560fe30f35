/**
 * The dashboard code of an attempt that got no answer (a read timeout, a
 * reset, a refused or dropped stream): §4 makes it transient, and §3 wants
 * every failure under one code of its channel. protocols.md §4.2 names
 * `dispatch_failed` ("no HTTP response: reset the connection or let the
 * client time out") for Safari, Firefox and KaiOS only. Chrome's codes (§3,
 * over VAPID and over FCM) have no transport code; its only general
 * transient one is Google's `fcm_internal_server_error`, as for FCM. APNs'
 * general code is `apns_unknown`. The interpretation `no-answer-code`
 * (interpretations.ts) names this reading.
 */
import type { WireTarget } from '../../simulators/catalogue/index.ts'

export const NO_ANSWER_CODE: Readonly<Record<WireTarget, string>> = {
  apns: 'apns_unknown',
  fcm: 'fcm_internal_server_error',
  chrome: 'fcm_internal_server_error',
  firefox: 'dispatch_failed',
  kaios: 'dispatch_failed',
  safari: 'dispatch_failed',
}
