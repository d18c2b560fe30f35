import { CliFailure, ExitCode } from './exit-codes.ts'

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:7770'

/** A running simulator's admin API: its URL, and the bearer token it was started with (if any). */
export interface AdminTarget {
  url: string
  token?: string
}

/** Calls a running simulator's admin API; turns transport and API errors into CLI failures. */
export async function callAdmin(admin: AdminTarget | string, method: string, path: string, body?: unknown): Promise<unknown> {
  const { url: adminUrl, token } = typeof admin === 'string' ? { url: admin, token: undefined } : admin
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(new URL(path, adminUrl), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new CliFailure(
      ExitCode.UNREACHABLE,
      `Failed to reach the pushsim admin API at ${adminUrl}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}.`,
      'Start the simulators with `npm run serve` (or `pushsim serve`), or pass --admin <url>.',
    )
  }
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = text === '' ? null : JSON.parse(text)
  } catch {
    throw new CliFailure(ExitCode.UNREACHABLE, `Failed to read the admin API answer from ${adminUrl}: not JSON (is something else listening there?).`)
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; hint?: string } } | null)?.error
    const hint = error?.code === 'UNAUTHENTICATED' ? `The simulators at ${adminUrl} require their admin token: pass --admin-token or set PUSHSIM_ADMIN_TOKEN.` : error?.hint
    throw new CliFailure(ExitCode.REJECTED, `${error?.code ?? response.status}: ${error?.message ?? text}`, hint)
  }
  return parsed
}
