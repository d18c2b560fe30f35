/**
 * Why a push was refused, independent of how a flavour words it. The
 * pipeline decides the failure; chrome-answers / autopush-answers /
 * apple-answers turn it into that service's own response.
 */
export type AuthProblem =
  /** No Authorization although the subscription is bound to an applicationServerKey. */
  | 'missing'
  /** `Authorization: key=…`, the GCM-era server key. */
  | 'gcm-key'
  /** A scheme other than vapid / webpush / bearer. */
  | 'unknown-scheme'
  /** Scheme without credentials, or vapid without `t=`. */
  | 'missing-token'
  /** vapid without `k=`. */
  | 'missing-key'
  /** `k` (or Crypto-Key p256ecdsa) is not a base64url P-256 point. */
  | 'invalid-key'
  /** WebPush/Bearer scheme without a usable Crypto-Key p256ecdsa (autopush: 400 errno 110). */
  | 'crypto-key'
  | 'key-mismatch'
  /** Not three base64url segments, header not JSON, or alg ≠ ES256. */
  | 'malformed-token'
  | 'bad-signature'
  /** exp / aud (/ sub where required) missing or of the wrong JSON type. */
  | 'bad-claims'
  | 'expired'
  | 'exp-too-long'
  | 'bad-audience'
  /** sub is neither mailto: nor https:. */
  | 'bad-subject'
  | 'empty-subject'
  /** sub names localhost, which Apple rejects [obs: web-push#947]. */
  | 'localhost-subject'

export type EncodingProblem = 'missing' | 'unknown' | 'headers' | 'body'

export type PushFailure =
  | { kind: 'not-found'; problem: 'bad-path' | 'bad-version' | 'unknown-id' }
  | { kind: 'method' }
  | { kind: 'ttl'; problem: 'missing' | 'negative' }
  | { kind: 'urgency' }
  | { kind: 'topic'; problem: 'length' | 'alphabet' }
  /** `detail` is autopush's message text (protocols.md §3.4, errno 110). */
  | { kind: 'encoding'; problem: EncodingProblem; detail: string }
  | { kind: 'auth'; problem: AuthProblem; detail?: string }
  | { kind: 'too-large' }
  | { kind: 'gone'; state: 'unsubscribed' | 'expired' }
  | { kind: 'internal' }
