/**
 * Every APNs `reason` string with the HTTP status Apple documents for it
 * (protocols.md §1.7). Data only: rules elsewhere pick a reason, this table
 * fixes its status and its precomputed `{"reason":…}` body.
 */
export const APNS_REASON_STATUS = {
  BadCollapseId: 400,
  BadDeviceToken: 400,
  BadExpirationDate: 400,
  BadMessageId: 400,
  BadPriority: 400,
  BadTopic: 400,
  DeviceTokenNotForTopic: 400,
  DuplicateHeaders: 400,
  IdleTimeout: 400,
  InvalidPushType: 400,
  MissingDeviceToken: 400,
  MissingTopic: 400,
  PayloadEmpty: 400,
  TopicDisallowed: 400,
  BadCertificate: 403,
  BadCertificateEnvironment: 403,
  ExpiredProviderToken: 403,
  Forbidden: 403,
  InvalidProviderToken: 403,
  MissingProviderToken: 403,
  UnrelatedKeyIdInToken: 403,
  // Apple's documented spelling, and the spelling seen on the wire [obs] (§1.6).
  BadEnvironmentKeyIdInToken: 403,
  BadEnvironmentKeyInToken: 403,
  BadPath: 404,
  MethodNotAllowed: 405,
  ExpiredToken: 410,
  Unregistered: 410,
  PayloadTooLarge: 413,
  TooManyProviderTokenUpdates: 429,
  TooManyRequests: 429,
  InternalServerError: 500,
  ServiceUnavailable: 503,
  Shutdown: 503,
} as const satisfies Record<string, number>

export type ApnsReason = keyof typeof APNS_REASON_STATUS

/** The two 410 reasons: their bodies carry a `timestamp` and are built per request. */
export type ApnsGoneReason = 'Unregistered' | 'ExpiredToken'

export const statusOf = (reason: ApnsReason): number => APNS_REASON_STATUS[reason]

const REASON_BODIES = new Map<string, string>(
  Object.keys(APNS_REASON_STATUS).map((reason) => [reason, JSON.stringify({ reason })]),
)

/** `{"reason":"…"}`, built once per reason rather than per response. */
export const reasonBody = (reason: ApnsReason): string => REASON_BODIES.get(reason)!

/** §1.7: `timestamp` (epoch ms) is present only when the status is 410. */
export const goneBody = (reason: ApnsGoneReason, timestampMs: number): string =>
  `{"reason":"${reason}","timestamp":${Math.trunc(timestampMs)}}`

export const isApnsReason = (value: string): value is ApnsReason =>
  Object.hasOwn(APNS_REASON_STATUS, value)
