import { STATUS_CODES } from 'node:http'
import { httpDate } from '../http-date.ts'

/**
 * The status line and header block of an HTTP/1.1 answer, with the framing
 * headers node:http would add (Date, Connection, Keep-Alive), so clients see
 * the same bytes they saw from node:http.
 */
export function responseHead(status: number, headers: Readonly<Record<string, string>>, contentLength: number, keepAlive: boolean): string {
  return `${statusLine(status)}${headerLines(headers)}content-length: ${contentLength}\r\nDate: ${httpDate()}\r\n${keepAlive ? KEEP_ALIVE : CLOSE}\r\n`
}

/** node:http's answer to a request it cannot parse; the connection ends after it. */
export function errorHead(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${CLOSE}\r\n`
}

export const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n'
/** The idle time after which a kept-alive connection is closed, as node:http's keepAliveTimeout was set. */
export const KEEP_ALIVE_SECONDS = 65
const KEEP_ALIVE = `Connection: keep-alive\r\nKeep-Alive: timeout=${KEEP_ALIVE_SECONDS}\r\n`
const CLOSE = 'Connection: close\r\n'

const statusLines = new Map<number, string>()
function statusLine(status: number): string {
  let line = statusLines.get(status)
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`
    statusLines.set(status, line)
  }
  return line
}

// Providers answer most exchanges with one shared, frozen header object: render each once.
const renderedHeaders = new WeakMap<object, string>()
// The adapter owns framing: a provider's own values for these would contradict it.
const FRAMING = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date'])

function headerLines(headers: Readonly<Record<string, string>>): string {
  let lines = renderedHeaders.get(headers)
  if (lines !== undefined) return lines
  lines = ''
  for (const name in headers) if (!FRAMING.has(name.toLowerCase())) lines += `${name}: ${headers[name]}\r\n`
  if (Object.isFrozen(headers)) renderedHeaders.set(headers, lines)
  return lines
}
