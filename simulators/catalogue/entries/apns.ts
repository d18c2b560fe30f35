/**
 * Every APNs `reason` of protocols.md §1.7 with its documented status, plus
 * the GOAWAY forms of §1.8 as `goaway:<Reason>` entries (a reason sent as
 * connection-closing debug data rather than as a stream's answer).
 */
import type { ApnsReason } from '../wire/apns-reasons.ts'
import type { CatalogueEntry, ErrorClass } from '../types.ts'
import { define } from './define.ts'
import { apnsForm, apnsGoaway } from './wire-forms.ts'

/** Apple's doc spelling is an alias of the wire spelling (§1.7, §5.1). */
type WireReason = Exclude<ApnsReason, 'BadEnvironmentKeyIdInToken'>

interface ReasonFacts {
  class: ErrorClass
  label: string
  /** Why the class was chosen, where Apple's guidance does not settle it. */
  note?: string
  /** Default: `doc`, Apple's table. */
  basis?: 'obs'
  aliases?: readonly string[]
}

// Classes follow push-semantics §4 and Apple's retry column of §1.7.
const REASONS: Readonly<Record<WireReason, ReasonFacts>> = {
  BadCollapseId: { class: 'bad-message', label: 'apns-collapse-id longer than 64 bytes' },
  BadDeviceToken: { class: 'dead-address', label: 'Device token malformed or of the other environment' },
  BadExpirationDate: { class: 'bad-message', label: 'apns-expiration is invalid' },
  BadMessageId: { class: 'bad-message', label: 'apns-id is not a valid UUID' },
  BadPriority: { class: 'bad-message', label: 'apns-priority is not 10, 5 or 1' },
  BadTopic: { class: 'bad-message', label: 'apns-topic is invalid' },
  DeviceTokenNotForTopic: {
    class: 'dead-address',
    label: 'Token belongs to a different topic/app',
    note: 'Class [interp]: Apple says never retry; the token is useless for this app, so the device is marked.',
  },
  DuplicateHeaders: { class: 'bad-message', label: 'A header appears more than once' },
  IdleTimeout: {
    class: 'transient',
    label: 'Idle timeout',
    note: 'Class [interp]: a connection-level reason; Apple says reconnect, so the send is retried on a new connection.',
  },
  InvalidPushType: { class: 'bad-message', label: 'apns-push-type has an unknown value' },
  MissingDeviceToken: {
    class: 'bad-message',
    label: 'No device token in :path',
    note: 'Class [interp]: no token to mark, so the request itself is at fault.',
  },
  MissingTopic: { class: 'bad-message', label: 'apns-topic required but missing' },
  PayloadEmpty: { class: 'bad-message', label: 'Empty body' },
  TopicDisallowed: { class: 'configuration', label: 'Pushing to this topic is not allowed' },
  BadCertificate: { class: 'configuration', label: 'Certificate invalid' },
  BadCertificateEnvironment: { class: 'configuration', label: 'Certificate is for the other environment' },
  ExpiredProviderToken: { class: 'credentials', label: 'Provider token (JWT) older than one hour' },
  Forbidden: { class: 'configuration', label: 'Action not allowed' },
  InvalidProviderToken: { class: 'configuration', label: 'Provider token invalid or signature fails to verify' },
  MissingProviderToken: { class: 'configuration', label: 'No certificate and no authorization header' },
  UnrelatedKeyIdInToken: {
    class: 'transient',
    label: "JWT key ID unrelated to the connection's first key",
    note: 'Class [interp]: Apple says retry on a new connection; the credential itself is fine.',
  },
  BadEnvironmentKeyInToken: {
    class: 'configuration',
    label: 'Environment-restricted key used against the other environment',
    aliases: ['BadEnvironmentKeyIdInToken'],
    basis: 'obs',
    note: "Wire spelling seen in traffic and FCM pass-through [obs]; Apple's docs spell it BadEnvironmentKeyIdInToken (alias).",
  },
  BadPath: {
    class: 'configuration',
    label: ':path is not /3/device/…',
    note: 'Class [interp]: a wrong URL fails every delivery the same way.',
  },
  MethodNotAllowed: {
    class: 'configuration',
    label: ':method is not POST',
    note: 'Class [interp]: a wrong method fails every delivery the same way.',
  },
  ExpiredToken: { class: 'dead-address', label: 'Device token has expired' },
  Unregistered: { class: 'dead-address', label: 'Token inactive for the topic' },
  PayloadTooLarge: { class: 'bad-message', label: 'Body larger than 4096 bytes (5120 for VoIP)' },
  TooManyProviderTokenUpdates: { class: 'transient', label: 'New JWT more than once per 20 min on one connection' },
  TooManyRequests: { class: 'transient', label: 'Too many requests in a row to one device token' },
  InternalServerError: { class: 'transient', label: 'APNs internal error' },
  ServiceUnavailable: { class: 'transient', label: 'Service unavailable' },
  Shutdown: { class: 'transient', label: 'This APNs server is shutting down' },
}

const reasonEntries = (Object.entries(REASONS) as [WireReason, ReasonFacts][]).map(([reason, facts]) =>
  define({
    name: reason,
    aliases: facts.aliases ?? [],
    kind: 'provider',
    provider: 'apns',
    label: facts.label,
    class: facts.class,
    wire: { apns: apnsForm(reason) },
    basis: facts.basis ?? 'doc',
    ...(facts.note === undefined ? {} : { note: facts.note }),
  }),
)

/**
 * §1.8: APNs may close a connection with GOAWAY(NO_ERROR) and the reason as
 * debug data. Confirmed only for BadCertificateEnvironment [obs]; the other
 * four are "commonly associated" and unverified.
 */
const GOAWAY_REASONS: readonly WireReason[] = ['BadCertificateEnvironment', 'BadCertificate', 'IdleTimeout', 'Shutdown', 'ExpiredProviderToken']

const goawayEntries = GOAWAY_REASONS.map((reason) =>
  define({
    name: `goaway:${reason}`,
    kind: 'provider',
    provider: 'apns',
    label: `GOAWAY with {"reason":"${reason}"}, then close`,
    class: REASONS[reason].class,
    wire: { apns: apnsGoaway(reason) },
    ...(reason === 'BadCertificateEnvironment'
      ? { basis: 'obs' as const, note: 'Observed: GOAWAY NO_ERROR, LastStreamID 0 (sideshow/apns2#93, #117).' }
      : { basis: 'interp' as const, note: 'GOAWAY form unverified for this reason (§1.8, §5.3); the reason itself is documented.' }),
  }),
)

export const APNS_ENTRIES: readonly CatalogueEntry[] = [...reasonEntries, ...goawayEntries]
