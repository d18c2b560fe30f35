/**
 * Apple web push's error answers (protocols.md §3.6): `{"reason":…}` as JSON,
 * with an `apns-id` on every answer. Apple pairs no status with most reasons:
 * the pairings are §3.6's "likely status" [interp]. No 410 body is
 * documented; APNs lineage suggests `Unregistered` [interp, §3.6].
 * Shared by the webpush core (Safari) and the catalogue.
 */
export const APPLE_WEB_REASON_STATUS = {
  BadTtl: 400,
  BadUrgency: 400,
  BadWebPushRequest: 400,
  BadWebPushTopic: 400,
  VapidPkHashMismatch: 403,
  IdleTimeout: 400,
  BadAuthorizationHeader: 403,
  BadJwtToken: 403,
  BadVapidPublicKey: 403,
  BadPath: 404,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  TooManyRequests: 429,
  InternalServerError: 500,
  ServiceUnavailable: 503,
  Shutdown: 503,
  Unregistered: 410,
} as const satisfies Record<string, number>

export type AppleWebReason = keyof typeof APPLE_WEB_REASON_STATUS

export const APPLE_JSON_TYPE = 'application/json'

/** `{"reason":"…"}`, compact as Apple writes it. */
export const appleReasonBody = (reason: string): string => JSON.stringify({ reason })
