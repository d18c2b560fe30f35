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
  /** The dashboard code of push-semantics §3 it is reported under. */
  dashboard: string
  label: string
  /** Why the class or code was chosen, where Apple's guidance and protocols.md §4 do not settle it. */
  note?: string
  /** Default: `doc`, Apple's table. */
  basis?: 'obs'
  aliases?: readonly string[]
}

/*
 * Codes: the six apns_* codes where protocols.md §4.1 names the answer; where
 * §4.1 is silent, the Safari label of §4.5 that names it (410 →
 * DeviceTokenInactiveForTopic, 503 → ServerUnavailable, a malformed request →
 * BadRequest); 413 → payload_too_large. Classes: push-semantics §4's class of
 * that code, which decides where it and Apple's retry column of §1.7 differ.
 */
const TOKEN_FORMAT = 'apns_token_format'
const AUTH_ERROR = 'apns_auth_error'
const BAD_REQUEST = 'safari_bad_request'
const INACTIVE = 'safari_device_token_inactive_for_topic'
const UNAVAILABLE = 'safari_server_unavailable'
const UNKNOWN = 'apns_unknown'

const badRequest = (label: string, note?: string): ReasonFacts => ({ class: 'bad-message', dashboard: BAD_REQUEST, label, ...(note === undefined ? {} : { note }) })
const authError = (label: string, extra: Partial<ReasonFacts> = {}): ReasonFacts => ({ class: 'configuration', dashboard: AUTH_ERROR, label, ...extra })

const REASONS: Readonly<Record<WireReason, ReasonFacts>> = {
  BadCollapseId: badRequest('apns-collapse-id longer than 64 bytes'),
  BadDeviceToken: { class: 'dead-address', dashboard: TOKEN_FORMAT, label: 'Device token malformed or of the other environment' },
  BadExpirationDate: badRequest('apns-expiration is invalid'),
  BadMessageId: badRequest('apns-id is not a valid UUID'),
  BadPriority: badRequest('apns-priority is not 10, 5 or 1'),
  BadTopic: badRequest('apns-topic is invalid'),
  DeviceTokenNotForTopic: {
    class: 'dead-address',
    dashboard: TOKEN_FORMAT,
    label: 'Token belongs to a different topic/app',
    note: 'Class [interp]: Apple says never retry; the token is useless for this app, so the device is marked under apns_token_format.',
  },
  DuplicateHeaders: badRequest('A header appears more than once'),
  IdleTimeout: {
    class: 'transient',
    dashboard: UNKNOWN,
    label: 'Idle timeout',
    note: 'Class [interp]: a connection-level reason; Apple says reconnect, so the send is retried on a new connection (apns_unknown, the general retryable code).',
  },
  InvalidPushType: badRequest('apns-push-type has an unknown value'),
  MissingDeviceToken: {
    class: 'dead-address',
    dashboard: TOKEN_FORMAT,
    label: 'No device token in :path',
    note: 'protocols §4.1 names it the apns_token_format form for an empty path segment; push-semantics §4 classes apns_token_format as a dead address.',
  },
  MissingTopic: badRequest('apns-topic required but missing'),
  PayloadEmpty: { class: 'bad-message', dashboard: 'apns_empty_payload', label: 'Empty body' },
  TopicDisallowed: badRequest(
    'Pushing to this topic is not allowed',
    'Code [interp]: §4.1 is silent; a 400 Apple says to fix before retrying is §4.5 BadRequest, a bad message (push-semantics §4).',
  ),
  BadCertificate: authError('Certificate invalid'),
  BadCertificateEnvironment: authError('Certificate is for the other environment'),
  ExpiredProviderToken: {
    class: 'credentials',
    dashboard: AUTH_ERROR,
    label: 'Provider token (JWT) older than one hour',
    note: "push-semantics §4 classes it as credentials (refresh, then retry); §4.1 lists it as apns_auth_error's exception.",
  },
  Forbidden: authError('Action not allowed', { note: 'Code [interp]: a 403 (certificate or provider-token problem, §1.7) Apple says never to retry.' }),
  InvalidProviderToken: authError('Provider token invalid or signature fails to verify'),
  MissingProviderToken: authError('No certificate and no authorization header'),
  UnrelatedKeyIdInToken: {
    class: 'credentials',
    dashboard: AUTH_ERROR,
    label: "JWT key ID unrelated to the connection's first key",
    note: 'Class [interp]: Apple says retry on a new connection; a fresh provider token goes on a fresh connection (§1.6), so it is refreshed and retried like ExpiredProviderToken.',
  },
  BadEnvironmentKeyInToken: authError('Environment-restricted key used against the other environment', {
    aliases: ['BadEnvironmentKeyIdInToken'],
    basis: 'obs',
    note: "Wire spelling seen in traffic and FCM pass-through [obs]; Apple's docs spell it BadEnvironmentKeyIdInToken (alias).",
  }),
  BadPath: badRequest(':path is not /3/device/…', 'Code [interp]: a request Apple says to fix before retrying, so §4.5 BadRequest (a bad message), though its status is 404.'),
  MethodNotAllowed: badRequest(':method is not POST', 'Code [interp]: a request Apple says to fix before retrying, so §4.5 BadRequest (a bad message), though its status is 405.'),
  ExpiredToken: { class: 'dead-address', dashboard: INACTIVE, label: 'Device token has expired' },
  Unregistered: { class: 'dead-address', dashboard: INACTIVE, label: 'Token inactive for the topic' },
  PayloadTooLarge: { class: 'bad-message', dashboard: 'payload_too_large', label: 'Body larger than 4096 bytes (5120 for VoIP)' },
  TooManyProviderTokenUpdates: {
    class: 'configuration',
    dashboard: 'apns_temp_blacklist',
    label: 'New JWT more than once per 20 min on one connection',
    note: 'The wire form of apns_temp_blacklist (protocols §4.1), which push-semantics §4 classes as configuration: no retry, although Apple (§1.7) allows one after reusing the current token.',
  },
  TooManyRequests: { class: 'transient', dashboard: 'apns_toomany_same_token', label: 'Too many requests in a row to one device token' },
  InternalServerError: { class: 'transient', dashboard: UNKNOWN, label: 'APNs internal error' },
  ServiceUnavailable: { class: 'transient', dashboard: UNAVAILABLE, label: 'Service unavailable' },
  Shutdown: { class: 'transient', dashboard: UNAVAILABLE, label: 'This APNs server is shutting down' },
}

const reasonEntries = (Object.entries(REASONS) as [WireReason, ReasonFacts][]).map(([reason, facts]) =>
  define({
    name: reason,
    aliases: facts.aliases ?? [],
    kind: 'provider',
    provider: 'apns',
    dashboard: facts.dashboard,
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
    dashboard: REASONS[reason].dashboard,
    label: `GOAWAY with {"reason":"${reason}"}, then close`,
    class: REASONS[reason].class,
    wire: { apns: apnsGoaway(reason) },
    ...(reason === 'BadCertificateEnvironment'
      ? { basis: 'obs' as const, note: 'Observed: GOAWAY NO_ERROR, LastStreamID 0 (sideshow/apns2#93, #117).' }
      : { basis: 'interp' as const, note: 'GOAWAY form unverified for this reason (§1.8, §5.3); the reason itself is documented.' }),
  }),
)

export const APNS_ENTRIES: readonly CatalogueEntry[] = [...reasonEntries, ...goawayEntries]
