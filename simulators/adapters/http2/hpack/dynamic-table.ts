/**
 * The HPACK dynamic table (RFC 7541 §2.3.2, §4): a FIFO of (name, value)
 * entries, newest at index 1, bounded by a size in octets where an entry
 * counts name length + value length + 32. A ring buffer, so adding and
 * evicting never shift the entries.
 */

/** RFC 7541 §4.1: the 32 octets stand for an implementation's per-entry overhead. */
export const ENTRY_OVERHEAD = 32

export class DynamicTable {
  // The ring starts small and doubles when full: a large advertised limit costs nothing until the peer uses it.
  private names: string[]
  private values: string[]
  private slots: number
  /** Slot of the next insertion; the newest entry sits just before it. */
  private next = 0
  private count = 0
  private octets = 0
  private limit: number

  /** `capacityLimit`: the most octets the table may ever be set to (our SETTINGS_HEADER_TABLE_SIZE). */
  constructor(capacityLimit: number) {
    // Every entry is at least 32 octets, so the table never holds more than limit / 32 entries.
    this.slots = Math.max(1, Math.min(64, Math.floor(capacityLimit / ENTRY_OVERHEAD)))
    this.names = new Array<string>(this.slots).fill('')
    this.values = new Array<string>(this.slots).fill('')
    this.limit = capacityLimit
  }

  /** Octets in use (RFC 7541 §4.1). */
  get size(): number {
    return this.octets
  }

  /** The current maximum size, as last set by the peer. */
  get maxSize(): number {
    return this.limit
  }

  get length(): number {
    return this.count
  }

  /** Name of the entry at 1-based dynamic index i; the caller checks 1 ≤ i ≤ length. */
  name(i: number): string {
    return this.names[this.slot(i)]!
  }

  value(i: number): string {
    return this.values[this.slot(i)]!
  }

  /** RFC 7541 §4.4: evict from the oldest until the entry fits; an entry larger than the table empties it and is not added. */
  add(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD
    if (size > this.limit) {
      while (this.count > 0) this.evictOldest()
      return
    }
    while (this.octets + size > this.limit) this.evictOldest()
    if (this.count === this.slots) this.grow()
    this.names[this.next] = name
    this.values[this.next] = value
    this.next = this.next + 1 === this.slots ? 0 : this.next + 1
    this.count++
    this.octets += size
  }

  /** RFC 7541 §4.3: a new maximum size (already checked against the capacity limit) evicts down to it. */
  resize(maxSize: number): void {
    this.limit = maxSize
    while (this.octets > maxSize) this.evictOldest()
  }

  private slot(i: number): number {
    const s = this.next - i
    return s < 0 ? s + this.slots : s
  }

  /** Doubles the ring, oldest entry first at slot 0. */
  private grow(): void {
    const names = new Array<string>(this.slots * 2).fill('')
    const values = new Array<string>(this.slots * 2).fill('')
    for (let i = this.count, j = 0; i >= 1; i--, j++) {
      names[j] = this.name(i)
      values[j] = this.value(i)
    }
    this.names = names
    this.values = values
    this.next = this.count
    this.slots *= 2
  }

  private evictOldest(): void {
    const s = this.slot(this.count)
    this.octets -= this.names[s]!.length + this.values[s]!.length + ENTRY_OVERHEAD
    // Drop the references so evicted strings can be collected.
    this.names[s] = ''
    this.values[s] = ''
    this.count--
  }
}
