/**
 * The HPACK decoder (RFC 7541) for one HTTP/2 connection: header blocks in,
 * header lists out, with the connection's dynamic table between them.
 *
 * Everything a peer sends is untrusted, so every malformation is a returned
 * HpackError, never a throw. RFC 9113 §4.3 makes any decoding error a
 * connection error of type COMPRESSION_ERROR: after one, the table is in an
 * unknown state and the session must close the connection.
 *
 * Names and values come back exactly as sent (latin1, one char per octet);
 * HTTP/2 field validation (lower-case names, pseudo-headers, forbidden
 * characters, RFC 9113 §8.2) is the session's job.
 */
import { DynamicTable, ENTRY_OVERHEAD } from './dynamic-table.ts'
import { huffmanDecode } from './huffman.ts'
import { MAX_INTEGER, readInteger, type Cursor } from './integer.ts'
import { latin1 } from './latin1.ts'
import { STATIC_TABLE } from './static-table.ts'

export interface HeaderBlock {
  /** [name0, value0, name1, value1, …] in wire order; frozen. */
  readonly fields: readonly string[]
  /** RFC 9113 §6.5.2 header list size: the sum over fields of name length + value length + 32. */
  readonly listSize: number
}

export interface HpackError {
  readonly error: 'COMPRESSION_ERROR'
  readonly message: string
}

export const isHpackError = (result: HeaderBlock | HpackError): result is HpackError => 'error' in result

const STATIC_COUNT = STATIC_TABLE.length
// Load generators and SDKs repeat byte-identical blocks once their table is warm; these bound the memo of them.
const CACHE_ENTRIES = 64
const CACHE_MAX_BLOCK_BYTES = 1024

const fail = (message: string): HpackError => Object.freeze({ error: 'COMPRESSION_ERROR', message })
// Shared and frozen: a flood of bad blocks allocates nothing.
const BAD_RANGE = fail('block range outside the buffer')
const BAD_INTEGER = fail('truncated integer or integer above 2^31-1')
const ZERO_INDEX = fail('index 0 (RFC 7541 §6.1)')
const BAD_INDEX = fail('index beyond the static and dynamic tables')
const BAD_STRING = fail('string literal runs past the end of the block')
const BAD_HUFFMAN = fail('invalid Huffman string: EOS, or padding longer than 7 bits or not all ones (RFC 7541 §5.2)')
const LATE_SIZE_UPDATE = fail('dynamic table size update after a field (RFC 7541 §4.2)')
const SIZE_TOO_LARGE = fail('dynamic table size update above SETTINGS_HEADER_TABLE_SIZE (RFC 7541 §6.3)')

export class HpackDecoder {
  private readonly table: DynamicTable
  private readonly maxTableSize: number
  private readonly cursor: Cursor = { at: 0 }
  // Block bytes (as latin1) → its frozen result, for blocks whose decoding left the table untouched.
  // Any table change clears it: dynamic indices then name other entries.
  private readonly cache = new Map<string, HeaderBlock>()

  /** `maxTableSize`: the SETTINGS_HEADER_TABLE_SIZE we advertised, the most a size update may ask for. */
  constructor(maxTableSize = 4096) {
    if (!Number.isInteger(maxTableSize) || maxTableSize < 0 || maxTableSize > MAX_INTEGER) throw new RangeError(`maxTableSize must be an integer in [0, 2^31-1], got ${maxTableSize}`)
    this.maxTableSize = maxTableSize
    this.table = new DynamicTable(maxTableSize)
  }

  /** Octets in the dynamic table (RFC 7541 §4.1). */
  get tableSize(): number {
    return this.table.size
  }

  get entryCount(): number {
    return this.table.length
  }

  /** The dynamic table's current maximum size, as the peer last set it. */
  get maxSize(): number {
    return this.table.maxSize
  }

  /** Dynamic entry i (1 = newest) as [name, value], or undefined; for tests and diagnostics. */
  entry(i: number): readonly [name: string, value: string] | undefined {
    return Number.isInteger(i) && i >= 1 && i <= this.table.length ? [this.table.name(i), this.table.value(i)] : undefined
  }

  /**
   * Decodes the complete header block block[start, end) (a HEADERS or
   * PUSH_PROMISE fragment plus its CONTINUATIONs, padding and priority
   * already stripped). A repeated block that did not touch the table returns
   * the same frozen HeaderBlock as before.
   */
  decode(block: Buffer, start: number, end: number): HeaderBlock | HpackError {
    if (!(start >= 0 && start <= end && end <= block.length)) return BAD_RANGE
    const cacheable = end - start <= CACHE_MAX_BLOCK_BYTES
    let key: string | undefined
    if (cacheable && this.cache.size > 0) {
      key = latin1(block, start, end)
      const hit = this.cache.get(key)
      if (hit !== undefined) return hit
    }

    const table = this.table
    const cursor = this.cursor
    cursor.at = start
    const fields: string[] = []
    let listSize = 0
    let mutated = false
    while (cursor.at < end) {
      const first = block[cursor.at]!
      let name: string
      let value: string
      if (first >= 0x80) {
        // 1xxxxxxx: indexed field (§6.1).
        const index = readInteger(block, cursor, end, 7)
        if (index < 0) return BAD_INTEGER
        if (index === 0) return ZERO_INDEX
        if (index <= STATIC_COUNT) {
          const entry = STATIC_TABLE[index - 1]!
          name = entry[0]
          value = entry[1]
        } else {
          if (index - STATIC_COUNT > table.length) return BAD_INDEX
          name = table.name(index - STATIC_COUNT)
          value = table.value(index - STATIC_COUNT)
        }
      } else if (first >= 0x20 && first < 0x40) {
        // 001xxxxx: dynamic table size update (§6.3), only before the first field (§4.2).
        if (fields.length > 0) return LATE_SIZE_UPDATE
        const size = readInteger(block, cursor, end, 5)
        if (size < 0) return BAD_INTEGER
        if (size > this.maxTableSize) return SIZE_TOO_LARGE
        table.resize(size)
        mutated = true
        this.cache.clear()
        continue
      } else {
        // 01xxxxxx: literal with incremental indexing (§6.2.1), 6-bit name index;
        // 0000xxxx / 0001xxxx: literal without indexing / never indexed (§6.2.2, §6.2.3), 4-bit name index.
        const indexing = first >= 0x40
        const nameIndex = readInteger(block, cursor, end, indexing ? 6 : 4)
        if (nameIndex < 0) return BAD_INTEGER
        if (nameIndex === 0) {
          const literal = this.readString(block, end)
          if (typeof literal !== 'string') return literal
          name = literal
        } else if (nameIndex <= STATIC_COUNT) name = STATIC_TABLE[nameIndex - 1]![0]
        else if (nameIndex - STATIC_COUNT <= table.length) name = table.name(nameIndex - STATIC_COUNT)
        else return BAD_INDEX
        const literal = this.readString(block, end)
        if (typeof literal !== 'string') return literal
        value = literal
        if (indexing) {
          // The name was read first, so evicting its own source entry here is harmless (§4.4).
          table.add(name, value)
          mutated = true
          this.cache.clear()
        }
      }
      fields.push(name, value)
      listSize += name.length + value.length + ENTRY_OVERHEAD
    }

    const result: HeaderBlock = Object.freeze({ fields: Object.freeze(fields), listSize })
    if (cacheable && !mutated) {
      key ??= latin1(block, start, end)
      // Oldest first out: Map keeps insertion order.
      if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!)
      this.cache.set(key, result)
    }
    return result
  }

  /** A string literal (§5.2) at the cursor: H flag, 7-bit-prefix length, octets. */
  private readString(block: Buffer, end: number): string | HpackError {
    const cursor = this.cursor
    if (cursor.at >= end) return BAD_STRING
    const huffman = block[cursor.at]! >= 0x80
    const length = readInteger(block, cursor, end, 7)
    if (length < 0) return BAD_INTEGER
    const from = cursor.at
    if (length > end - from) return BAD_STRING
    cursor.at = from + length
    if (!huffman) return latin1(block, from, from + length)
    return huffmanDecode(block, from, from + length) ?? BAD_HUFFMAN
  }
}
