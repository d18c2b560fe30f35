import { fileURLToPath } from 'node:url'
import { runCliProcess, type CliProcessResult } from './cli-process.ts'

/** A fixture program of test/fixtures/exec/, by file name. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/exec/${name}`, import.meta.url))

/**
 * `pushsim exec [flags] -- <this Node> <fixture>` as a user's shell runs it,
 * with the program's configuration in its environment; the program's last
 * stdout line is the JSON it printed.
 */
export async function execFixture(name: string, options: { flags?: string[]; env?: Record<string, string>; timeoutMs?: number }): Promise<CliProcessResult & { printed: unknown }> {
  const result = await runCliProcess(['exec', ...(options.flags ?? []), '--', process.execPath, fixture(name)], {
    ...(options.env ? { env: options.env } : {}),
    timeoutMs: options.timeoutMs ?? 40_000,
  })
  const last = result.out.trim().split('\n').at(-1) ?? ''
  let printed: unknown
  try {
    printed = JSON.parse(last)
  } catch {
    throw new Error(`${name} printed no JSON (exit ${result.code}):\nstdout: ${result.out}\nstderr: ${result.err}`)
  }
  return { ...result, printed }
}
