#!/usr/bin/env node
// Entry for the `pushsim` bin: loads the TypeScript CLI through tsx's loader,
// so an installed pushsim needs no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../harness/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
