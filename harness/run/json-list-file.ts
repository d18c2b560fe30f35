/**
 * A JSON document written as it is read: fixed parts as values, lists
 * entry by entry, so a report of 100,000 deliveries never exists whole in
 * memory or as one string. The file is the same text one JSON.stringify of
 * the whole document would give. A list that fails half-way is cut back
 * and written as `null`, as a list that could not be read at all.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs'

export interface JsonListFile {
  /** `"key":value` (a comma before all but the first member). */
  value(key: string, value: unknown): void
  /** Opens `"key":[`; entries follow with `entries`, then `endList(ok)`. */
  beginList(key: string): void
  entries(entries: readonly unknown[]): void
  /** Closes the list, or (not ok) replaces what it wrote with `null`. */
  endList(ok: boolean): void
  close(): void
}

export function openJsonListFile(path: string): JsonListFile {
  const fd = openSync(path, 'w')
  let offset = 0
  let members = 0
  let listStart = -1
  let listEntries = 0
  const write = (text: string) => (offset += writeSync(fd, text, offset))
  write('{')
  const key = (name: string) => write(`${members++ === 0 ? '' : ','}${JSON.stringify(name)}:`)
  return {
    value(name, value) {
      key(name)
      write(JSON.stringify(value ?? null))
    },
    beginList(name) {
      key(name)
      listStart = offset
      listEntries = 0
      write('[')
    },
    entries(entries) {
      if (entries.length === 0) return
      let text = ''
      for (const entry of entries) text += (listEntries++ === 0 ? '' : ',') + JSON.stringify(entry ?? null)
      write(text)
    },
    endList(ok) {
      if (ok) write(']')
      else {
        ftruncateSync(fd, listStart)
        offset = listStart
        write('null')
      }
    },
    close() {
      write('}')
      closeSync(fd)
    },
  }
}
