export * from './entry.ts'
export * from './ledger.ts'
export * from './ndjson-sink.ts'
export * from './query.ts'
