/**
 * Bytes to a latin1 string (one char per byte, as HPACK strings are octets).
 * Buffer's own latin1Slice skips the argument coercion and encoding lookup of
 * toString('latin1', …), which dominate for the short strings of a header block.
 */
type Slice = (this: Uint8Array, start: number, end: number) => string
const nativeSlice = (Buffer.prototype as unknown as { latin1Slice?: Slice }).latin1Slice

export const latin1: (bytes: Uint8Array, start: number, end: number) => string =
  nativeSlice !== undefined
    ? (bytes, start, end) => nativeSlice.call(bytes, start, end)
    : (bytes, start, end) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end)
