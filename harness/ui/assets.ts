/**
 * The dashboard's static files, served from the package itself (./assets/
 * and Chart.js from node_modules): the page loads nothing from elsewhere,
 * and its Content-Security-Policy forbids it to.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface Asset {
  type: string
  body: Buffer
}

const ASSETS_DIR = join(import.meta.dirname, 'assets')

/** Chart.js's own UMD build; its package exports no subpath, so it is found beside the entry point. */
const chartJsPath = () => join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js')

const FILES: Record<string, { type: string; path: () => string }> = {
  '/': { type: 'text/html; charset=utf-8', path: () => join(ASSETS_DIR, 'index.html') },
  '/assets/dashboard.js': { type: 'text/javascript; charset=utf-8', path: () => join(ASSETS_DIR, 'dashboard.js') },
  '/assets/dashboard.css': { type: 'text/css; charset=utf-8', path: () => join(ASSETS_DIR, 'dashboard.css') },
  '/assets/chart.umd.min.js': { type: 'text/javascript; charset=utf-8', path: chartJsPath },
}

/** Everything from this origin only; no inline script; connections only back to the dashboard. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

/** Read once and kept: a handful of files, the largest Chart.js at ~200 KB. */
export function createAssets(): (path: string) => Asset | undefined {
  const cache = new Map<string, Asset>()
  return (path) => {
    const file = FILES[path]
    if (file === undefined) return undefined
    let asset = cache.get(path)
    if (asset === undefined) {
      asset = { type: file.type, body: readFileSync(file.path()) }
      cache.set(path, asset)
    }
    return asset
  }
}
