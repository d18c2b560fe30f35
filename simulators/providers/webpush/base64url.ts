/**
 * Strict base64url helpers. `Buffer.from(s, 'base64url')` silently skips
 * characters outside the alphabet, so every decode of untrusted input goes
 * through `decodeBase64Url`, which rejects them instead.
 */
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/

/** The URL- and filename-safe alphabet with no padding (Topic, ids). */
export const BASE64URL_UNPADDED = /^[A-Za-z0-9_-]+$/

export function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined
  const bare = text.endsWith('=') ? text.replace(/=+$/, '') : text
  // A single leftover character carries fewer than 8 bits: not valid base64.
  if (bare.length % 4 === 1) return undefined
  return Buffer.from(bare, 'base64url')
}

export const encodeBase64Url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url')
