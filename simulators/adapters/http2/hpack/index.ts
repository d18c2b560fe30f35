/** HPACK (RFC 7541) for pushsim's HTTP/2 server: a per-connection decoder and a stateless encoder. */
export { HpackDecoder, isHpackError, type HeaderBlock, type HpackError } from './decoder.ts'
export { encodeHeaderBlock, type HeaderField } from './encoder.ts'
export { huffmanDecode } from './huffman.ts'
export { STATIC_TABLE, staticExactIndex, staticNameIndex } from './static-table.ts'
