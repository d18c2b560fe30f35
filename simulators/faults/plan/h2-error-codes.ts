/**
 * HTTP/2 error codes (RFC 9113 §7) for rst-stream and goaway faults, which
 * accept either the name or the number. The engine turns either into the
 * number the frame carries with `h2ErrorCode()`.
 */
export const H2_ERROR_CODES = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
  HTTP_1_1_REQUIRED: 0xd,
} as const satisfies Record<string, number>

export type H2ErrorName = keyof typeof H2_ERROR_CODES

export const H2_ERROR_NAMES = Object.keys(H2_ERROR_CODES) as readonly H2ErrorName[]
export const MAX_H2_ERROR_CODE = 0xd

/** The numeric code of a name or number, or undefined when it is neither. */
export function h2ErrorCode(code: number | string): number | undefined {
  if (typeof code === 'number') return Number.isInteger(code) && code >= 0 && code <= MAX_H2_ERROR_CODE ? code : undefined
  return Object.hasOwn(H2_ERROR_CODES, code) ? H2_ERROR_CODES[code as H2ErrorName] : undefined
}
