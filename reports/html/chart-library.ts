/**
 * Chart.js, kept in the package and inlined into the report (no CDN, no
 * network): its UMD build, found beside the package's entry point since its
 * export map does not name it.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

let cached: string | undefined

export function chartLibrary(): string {
  if (cached === undefined) {
    const entry = createRequire(import.meta.url).resolve('chart.js')
    // An inline script ends at the first `</script`: written `<\/script` it means the same to JavaScript.
    cached = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8').replace(/<\/script/gi, '<\\/script')
  }
  return cached
}
