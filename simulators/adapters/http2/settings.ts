import { ErrorCode, MAX_MAX_FRAME_SIZE, MAX_WINDOW, MIN_MAX_FRAME_SIZE, Setting } from './frames.ts'

/** The SETTINGS a session advertises (APNs' documented values, protocols.md §1.8). */
export interface LocalSettings {
  headerTableSize: number
  maxConcurrentStreams: number
  initialWindowSize: number
  maxFrameSize: number
  maxHeaderListSize: number
}

/** The peer's settings that shape what we send. Its HEADER_TABLE_SIZE needs nothing (answers never use its dynamic table); we never push. */
export interface PeerSettings {
  initialWindowSize?: number
  maxFrameSize?: number
}

/** A SETTINGS frame larger than this is a flood (nghttp2's NGHTTP2_DEFAULT_MAX_SETTINGS). */
export const MAX_SETTINGS_ENTRIES = 32

export type SettingsProblem = { code: number; reason: string }

/** The payload of a SETTINGS frame carrying the given values, in a fixed order. */
export function encodeSettings(settings: Partial<LocalSettings>): Buffer {
  const pairs: [number, number | undefined][] = [
    [Setting.HEADER_TABLE_SIZE, settings.headerTableSize],
    [Setting.MAX_CONCURRENT_STREAMS, settings.maxConcurrentStreams],
    [Setting.INITIAL_WINDOW_SIZE, settings.initialWindowSize],
    [Setting.MAX_FRAME_SIZE, settings.maxFrameSize],
    [Setting.MAX_HEADER_LIST_SIZE, settings.maxHeaderListSize],
  ]
  const present = pairs.filter((pair): pair is [number, number] => pair[1] !== undefined)
  const payload = Buffer.allocUnsafe(present.length * 6)
  present.forEach(([id, value], index) => {
    payload.writeUInt16BE(id, index * 6)
    payload.writeUInt32BE(value, index * 6 + 2)
  })
  return payload
}

/** Reads a (non-ACK) SETTINGS payload from the peer: the values we act on, or the connection error it is (RFC 9113 §6.5.2). */
export function decodePeerSettings(data: Buffer, start: number, end: number): PeerSettings | SettingsProblem {
  if ((end - start) % 6 !== 0) return { code: ErrorCode.FRAME_SIZE_ERROR, reason: 'SETTINGS length is not a multiple of 6' }
  if ((end - start) / 6 > MAX_SETTINGS_ENTRIES) return { code: ErrorCode.ENHANCE_YOUR_CALM, reason: 'too many SETTINGS entries' }
  const settings: PeerSettings = {}
  for (let at = start; at < end; at += 6) {
    const id = data.readUInt16BE(at)
    const value = data.readUInt32BE(at + 2)
    if (id === Setting.ENABLE_PUSH && value > 1) return { code: ErrorCode.PROTOCOL_ERROR, reason: 'ENABLE_PUSH is not 0 or 1' }
    if (id === Setting.INITIAL_WINDOW_SIZE) {
      if (value > MAX_WINDOW) return { code: ErrorCode.FLOW_CONTROL_ERROR, reason: 'INITIAL_WINDOW_SIZE above 2^31-1' }
      settings.initialWindowSize = value
    }
    if (id === Setting.MAX_FRAME_SIZE) {
      if (value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) return { code: ErrorCode.PROTOCOL_ERROR, reason: 'MAX_FRAME_SIZE out of range' }
      settings.maxFrameSize = value
    }
  }
  return settings
}

export const isSettingsProblem = (value: PeerSettings | SettingsProblem): value is SettingsProblem => 'code' in value
