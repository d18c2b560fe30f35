import type { ConnectionInfo, Transport } from '../kernel/exchange.ts'

/**
 * Numbers connections per listener family and keeps one ConnectionInfo per
 * socket or HTTP/2 session, so provider state (an APNs JWT binding) lives
 * exactly as long as the connection.
 */
export interface ConnectionTable {
  of(key: object, transport: Transport, tls: boolean): ConnectionInfo
}

export function createConnectionTable(): ConnectionTable {
  const byKey = new WeakMap<object, ConnectionInfo>()
  let nextId = 1
  return {
    of(key, transport, tls) {
      let info = byKey.get(key)
      if (!info) {
        info = { id: nextId++, transport, tls, state: {} }
        byKey.set(key, info)
      }
      return info
    },
  }
}
