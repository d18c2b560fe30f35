import { main } from '../../harness/cli/main.ts'
import type { CliIo } from '../../harness/cli/io.ts'

/** Runs the CLI in-process with captured output. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CliIo = {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    env,
    untilStopped: () => new Promise(() => {}),
  }
  const code = await main(args, io)
  return { code, out, err }
}
