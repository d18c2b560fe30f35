#!/usr/bin/env node
// Entry for the `pushsim` bin: the CLI compiled to dist/ by `npm run build`
// (run on prepack), so an installed pushsim needs no TypeScript loader.
// In this repository, `npm run pushsim -- <command>` runs the sources through tsx.
const { main } = await import('../dist/harness/cli/main.js')
process.exitCode = await main(process.argv.slice(2))
