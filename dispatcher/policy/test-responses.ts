import type { ProviderResponse } from './error-of.ts'

/** A provider answer for classifier tests. */
export function answer(status: number, body: unknown = '', headers: Record<string, string> = {}): ProviderResponse {
  return { kind: 'response', status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) }
}
