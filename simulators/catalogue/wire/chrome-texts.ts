/**
 * Chrome's push service (FCM web-push endpoints) answers errors in plain text
 * (protocols.md §3.5, §4.3). Bodies marked [obs] are verbatim observations;
 * the rest are our wording [interp], because nobody has published what FCM
 * says in those cases. Shared by the webpush core and the catalogue.
 */
export const CHROME_TEXT_TYPE = 'text/plain; charset=utf-8'

// [obs: pushpad/web-push#14, web-push#940]; the URL is a fixed example in the real body.
export const CHROME_NOT_FOUND =
  'A valid push subscription endpoint should be specified in the URL as such: https://fcm.googleapis.com/wp/dHIoDxE7Hdg:APA91bH1Zj0kNa...'
export const CHROME_GONE = 'push subscription has unsubscribed or expired.\n'
export const CHROME_MISSING_AUTH = 'authorization header must be specified.\n' // [obs: web-push-php#265, #293, #325]
export const CHROME_VAPID_MISMATCH =
  'the VAPID credentials in the authorization header do not correspond to the credentials used to create the subscriptions.'
export const CHROME_SENDER_MISMATCH =
  'the key in the authorization header does not correspond to the sender ID used to subscribe this user. Please ensure you are using the correct sender ID and server Key from the Firebase console.\n'
export const CHROME_INVALID_JWT = 'permission denied: invalid JWT provided\n' // the newer of the two observed forms
export const CHROME_EXP_TOO_LONG = 'exp claim MUST NOT be more than 24 hours from the time of the request'
export const CHROME_BAD_FORMAT =
  'authorization header had invalid format. authorization header should have the following format: t=jwtToken; k=base64(publicApplicationServerKey)'

// [interp] texts, in FCM's lower-case sentence style.
export const CHROME_BAD_TTL = 'a valid TTL header must be specified.\n'
export const CHROME_BAD_URGENCY = 'urgency header must be one of very-low, low, normal or high.\n'
export const CHROME_BAD_TOPIC = 'topic header must be at most 32 characters from the URL-safe base64 alphabet.\n'
export const CHROME_BAD_ENCODING = 'content-encoding must be aes128gcm, or aesgcm with Encryption and Crypto-Key headers.\n'
export const CHROME_BAD_PAYLOAD = 'encrypted payload is malformed.\n'
export const CHROME_TOO_LARGE = 'payload too large: the maximum is 4096 bytes.\n'
export const CHROME_INTERNAL = 'internal error.\n'
// No Chrome 429 or 503 body has been published (§3.5, §5.7); ours, so outage and rate-limit faults answer on Chrome too [interp].
export const CHROME_RATE_LIMITED = 'too many requests to this subscription.\n'
export const CHROME_UNAVAILABLE = 'the service is temporarily unavailable.\n'
