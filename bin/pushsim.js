#!/usr/bin/env node
// Entry for the `pushsim` bin: the CLI compiled to dist/ by `npm run build`
// (run on prepack), so an installed pushsim needs no TypeScript loader.
// In this repository, `npm run pushsim -- <command>` runs the sources through tsx.
import { fileURLToPath } from 'node:url'

const cli = new URL('../dist/harness/cli/main.js', import.meta.url)
let main
try {
  ;({ main } = await import(cli.href))
} catch (error) {
  // Only a checkout that was never built lacks dist/; say so rather than print a resolver stack.
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(fileURLToPath(cli))) throw error
  process.stderr.write('pushsim: dist/ is not built here; run `npm run build`, or `npm run -s pushsim -- <command>` to run the sources\n')
  process.exit(1)
}
process.exitCode = await main(process.argv.slice(2))
