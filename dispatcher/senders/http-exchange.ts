import { request, type Dispatcher } from 'undici'
import type { ProviderResult } from './sender.ts'
import { transportErrorOf } from './transport-error.ts'

export interface HttpExchange {
  method: 'POST'
  headers: Record<string, string>
  body: string | Buffer
}

/**
 * One HTTP request over undici, read to the end: the provider's raw answer
 * (status, lower-case headers, body text), or the transport failure by kind.
 * Timeouts are the dispatcher's (connect, headers, body); never throws.
 */
export async function httpExchange(url: string, exchange: HttpExchange, dispatcher: Dispatcher): Promise<ProviderResult> {
  try {
    const response = await request(url, { ...exchange, dispatcher })
    const body = await response.body.text()
    return { kind: 'response', status: response.statusCode, headers: flatHeaders(response.headers), body }
  } catch (error) {
    return transportErrorOf(error)
  }
}

export function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}
