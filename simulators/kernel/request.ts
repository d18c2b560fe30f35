import type { ConnectionInfo, SimRequest, Transport } from './exchange.ts'

export interface RequestInit {
  method?: string
  path: string
  authority?: string
  scheme?: 'http' | 'https'
  /** Header names are lower-cased; an array value means the header was repeated. */
  headers?: Record<string, string | string[]>
  body?: string | Buffer | Uint8Array
  connection?: ConnectionInfo
  streamId?: number
}

let nextConnectionId = 1

export function newConnection(transport: Transport, tls: boolean, id = nextConnectionId++): ConnectionInfo {
  return { id, transport, tls, state: {} }
}

/**
 * Builds a SimRequest outside any socket: for unit tests of provider cores
 * and for the in-process (msw) adapter.
 */
export function buildRequest(init: RequestInit): SimRequest {
  const headers: Record<string, string> = {}
  const rawHeaders: string[] = []
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    const key = name.toLowerCase()
    const values = Array.isArray(value) ? value : [value]
    for (const v of values) rawHeaders.push(key, v)
    headers[key] = values.join(', ')
  }
  const body = init.body === undefined ? Buffer.alloc(0) : Buffer.from(init.body as Uint8Array)
  return {
    method: init.method ?? 'POST',
    path: init.path,
    authority: init.authority ?? 'localhost',
    scheme: init.scheme ?? 'https',
    headers,
    rawHeaders,
    body,
    bodyOverflow: false,
    bodyLength: body.length,
    connection: init.connection ?? newConnection('in-process', false),
    ...(init.streamId === undefined ? {} : { streamId: init.streamId }),
  }
}
