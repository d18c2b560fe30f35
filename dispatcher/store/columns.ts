import type { SQLInputValue, SQLOutputValue } from 'node:sqlite'

/** A row as node:sqlite returns it. */
export type Row = Record<string, SQLOutputValue>

// Readers for columns this store wrote itself: the schema's NOT NULL and
// types make the fallbacks unreachable, but they keep a hand-edited database
// from crashing a read.

export function text(row: Row, column: string): string {
  const value = row[column]
  return typeof value === 'string' ? value : String(value ?? '')
}

export function textOrNull(row: Row, column: string): string | null {
  const value = row[column]
  return value === null || value === undefined ? null : String(value)
}

export function int(row: Row, column: string): number {
  const value = row[column]
  return typeof value === 'number' ? value : Number(value ?? 0)
}

export function intOrNull(row: Row, column: string): number | null {
  const value = row[column]
  return value === null || value === undefined ? null : Number(value)
}

export function flag(row: Row, column: string): boolean {
  return int(row, column) !== 0
}

export function json<T>(row: Row, column: string, fallback: T): T {
  const value = row[column]
  if (typeof value !== 'string') return fallback
  try {
    return JSON.parse(value) as T
  } catch {
    return fallback
  }
}

/** SQLite has no boolean; 0/1 keeps it indexable and comparable. */
export function bit(value: boolean): SQLInputValue {
  return value ? 1 : 0
}

export function orNull(value: string | number | null | undefined): SQLInputValue {
  return value ?? null
}

/** node:sqlite answers `changes` as number or bigint depending on the statement. */
export function changed(result: { changes: number | bigint }): boolean {
  return Number(result.changes) > 0
}
