import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * pushsim's version, from the package.json named pushsim found walking up
 * from this file: that is the repository's from harness/cli/, and still the
 * package's from dist/harness/cli/ once built (a package.json of dist/'s
 * own, for its module type, is passed over). Undefined when none is found.
 */
export function packageVersion(from: string = import.meta.url): string | undefined {
  let dir = dirname(fileURLToPath(from))
  for (;;) {
    const version = pushsimVersionAt(join(dir, 'package.json'))
    if (version !== undefined) return version
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function pushsimVersionAt(path: string): string | undefined {
  if (!existsSync(path)) return undefined
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown }
    return manifest.name === 'pushsim' && typeof manifest.version === 'string' ? manifest.version : undefined
  } catch {
    return undefined
  }
}
