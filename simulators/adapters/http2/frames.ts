/** HTTP/2 wire constants (RFC 9113 §6, §7, §11). */

export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1')
export const FRAME_HEADER_BYTES = 9

export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const

export const Flag = {
  END_STREAM: 0x1,
  ACK: 0x1,
  END_HEADERS: 0x4,
  PADDED: 0x8,
  PRIORITY: 0x20,
} as const

// The fault language names the same codes (RFC 9113 §7): one table for both.
export { H2_ERROR_CODES as ErrorCode } from '../../faults/plan/h2-error-codes.ts'

export const Setting = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
} as const

/** RFC 9113 §6.5.2 and §6.9.1 bounds. */
export const DEFAULT_WINDOW = 65_535
export const MAX_WINDOW = 2 ** 31 - 1
export const MIN_MAX_FRAME_SIZE = 16_384
export const MAX_MAX_FRAME_SIZE = 2 ** 24 - 1
