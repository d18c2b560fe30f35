/**
 * A library's own process: loads one adapter, builds the library's client,
 * and sends what the matrix asks (NDJSON on stdin), replying on fd 3 so a
 * library that logs to stdout cannot garble the protocol. Started under
 * pushsim exec's preload, so the library dials the providers' real hosts.
 *
 * argv: <adapter module URL>; PUSHSIM_MATRIX_CONFIG: the AdapterConfig as JSON.
 */
import { createWriteStream } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { errorText } from './adapters/failure.ts'
import type { OpenClient } from './library-adapter.ts'
import type { ChildReply, ChildRequest } from './protocol.ts'

const replies = createWriteStream('', { fd: 3 })
const reply = (message: ChildReply | { ready: true } | { failedToOpen: string }): void => void replies.write(JSON.stringify(message) + '\n')

// A library's stray socket error must not end the process: the matrix judges what the application got, and when.
process.on('uncaughtException', (error) => process.stderr.write(`uncaught: ${errorText(error)}\n`))
process.on('unhandledRejection', (error) => process.stderr.write(`unhandled rejection: ${errorText(error)}\n`))

async function main(): Promise<void> {
  const open = ((await import(process.argv[2]!)) as { default: OpenClient }).default
  let client
  try {
    client = await open(JSON.parse(process.env.PUSHSIM_MATRIX_CONFIG ?? '{}'))
  } catch (error) {
    reply({ failedToOpen: errorText(error) })
    return
  }
  reply({ ready: true })
  for await (const line of createInterface({ input: process.stdin })) {
    const request = JSON.parse(line) as ChildRequest
    if (request.op === 'close') {
      await client.close().catch(() => {})
      reply({ id: request.id, closed: true })
      replies.end(() => process.exit(0))
      return
    }
    const started = performance.now()
    client.send(request.notification).then(
      (result) => reply({ id: request.id, result, elapsedMs: performance.now() - started }),
      // The library threw where its documentation says it resolves: still what the application gets.
      (error: unknown) => reply({ id: request.id, result: { ok: false, error: errorText(error) }, elapsedMs: performance.now() - started }),
    )
  }
}
await main()
