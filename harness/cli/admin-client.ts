import { CliFailure, ExitCode } from './exit-codes.ts'

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:7770'

/** Calls a running simulator's admin API; turns transport and API errors into CLI failures. */
export async function callAdmin(adminUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(new URL(path, adminUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new CliFailure(
      ExitCode.UNREACHABLE,
      `Failed to reach the pushsim admin API at ${adminUrl}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}.`,
      'Start the simulators with `npm start` (or `pushsim serve`), or pass --admin <url>.',
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
    throw new CliFailure(ExitCode.REJECTED, `${error?.code ?? response.status}: ${error?.message ?? text}`, error?.hint)
  }
  return parsed
}
