#!/usr/bin/env node
// Entry for the `pushsim` bin: runs the TypeScript CLI through tsx's loader,
// so an installed pushsim needs no build step.
import { register } from 'tsx/esm/api'

register()
await import('../harness/cli/main.ts')
