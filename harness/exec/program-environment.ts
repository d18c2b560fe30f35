import { PROVIDER_HOSTS, routesJson, type RouteTable } from './routes.ts'

/** The preload, plain JavaScript beside this module: in the repository, and in dist/ (the build copies it) once installed. */
export const PRELOAD_URL = new URL('./preload.mjs', import.meta.url)

export interface ProgramEnvironmentInput {
  /** The environment pushsim was started with. */
  base: Readonly<Record<string, string | undefined>>
  routes: RouteTable
  /** The CA to trust (pushsim's, or a bundle of it and the caller's NODE_EXTRA_CA_CERTS). */
  caPath: string
  adminUrl: string
  /** A service account whose token_uri is Google's, for Application Default Credentials. */
  serviceAccountPath?: string
  /** `--proxy`: the CONNECT proxy every HTTPS client that honours HTTPS_PROXY goes through. */
  proxyUrl?: string
}

/**
 * What the program runs with: the preload in NODE_OPTIONS (Node programs,
 * and any Node process they start), pushsim's CA, and the routes. Outside
 * --proxy the provider hosts are added to NO_PROXY, so a proxy the caller
 * set cannot carry them off loopback; with --proxy, HTTPS_PROXY and the CA
 * variables other runtimes read.
 */
export function programEnvironment(input: ProgramEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(input.base)) if (value !== undefined) env[name] = value
  const preload = `--import=${PRELOAD_URL.href}`
  env.NODE_OPTIONS = env.NODE_OPTIONS ? `${env.NODE_OPTIONS} ${preload}` : preload
  env.NODE_EXTRA_CA_CERTS = input.caPath
  env.PUSHSIM_EXEC_ROUTES = routesJson(input.routes)
  env.PUSHSIM_ADMIN = input.adminUrl
  // Application Default Credentials (firebase-admin's initializeApp() without arguments); one the caller chose is kept.
  if (input.serviceAccountPath !== undefined && !env.GOOGLE_APPLICATION_CREDENTIALS) env.GOOGLE_APPLICATION_CREDENTIALS = input.serviceAccountPath
  if (input.proxyUrl === undefined) {
    const hosts = PROVIDER_HOSTS.map((entry) => entry.host).join(',')
    for (const name of ['NO_PROXY', 'no_proxy']) env[name] = env[name] ? `${env[name]},${hosts}` : hosts
  } else {
    for (const name of ['HTTPS_PROXY', 'https_proxy']) env[name] = input.proxyUrl
    // OpenSSL (Go, Python's ssl, httpx), Python requests, curl: pushsim's CA alone; the proxy refuses every other host anyway.
    for (const name of ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE']) env[name] = input.caPath
  }
  return env
}
