import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

/** The installed version of a package, from its own package.json (found from its entry point: some packages export no ./package.json), or undefined when it is not installed. */
export function installedVersion(name: string): string | undefined {
  let entry: string
  try {
    entry = require.resolve(name)
  } catch {
    return undefined
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (manifest.name === name) return manifest.version
    } catch {
      // No package.json at this level: keep climbing.
    }
  }
  return undefined
}
