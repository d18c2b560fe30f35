/**
 * Device token format (§1.4). [interp, per §1.4's recommendation] Hex, even
 * length, 64 to 200 characters: 32-byte device tokens are 64 characters and
 * Live Activity / push-to-start tokens are longer. Case is not significant.
 */
const HEX = /^[0-9a-fA-F]+$/
const MIN_LENGTH = 64
const MAX_LENGTH = 200

export function isWellFormedDeviceToken(token: string): boolean {
  return token.length >= MIN_LENGTH && token.length <= MAX_LENGTH && token.length % 2 === 0 && HEX.test(token)
}

/** Registry key and ledger target: tokens compare case-insensitively. */
export const normaliseDeviceToken = (token: string): string => token.toLowerCase()
