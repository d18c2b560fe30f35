/**
 * `pushsim exec`'s Node preload (NODE_OPTIONS=--import): connections a
 * program opens to the providers' real hosts go to the simulators instead,
 * while every name above the socket stays real (SNI, certificate check,
 * Host, :authority). Plain JavaScript, so Node runs it before any loader,
 * from the repository and from an installed package alike.
 *
 * The lowest layer every client shares is patched: net.Socket#connect, which
 * net.connect, tls.connect, node:https, node:http2 and undici (fetch, and the
 * npm package) all end in. dns.lookup answers the provider hosts with a
 * loopback marker address, so a client that resolves a name itself first is
 * routed too, and a provider name never resolves to the real service.
 *
 * PUSHSIM_EXEC_ROUTES: {"api.push.apple.com:443": "127.0.0.1:7771", …}.
 */
import dns from 'node:dns'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'

const routes = readRoutes(process.env.PUSHSIM_EXEC_ROUTES)
if (routes.size > 0) install(routes)

/** @returns {Map<string, {host: string, port: number}>} */
function readRoutes(text) {
  const table = new Map()
  if (!text) return table
  let parsed
  try {
    parsed = JSON.parse(text)
  } catch {
    process.emitWarning('pushsim exec: PUSHSIM_EXEC_ROUTES is not JSON; no connection is rerouted')
    return table
  }
  for (const [from, to] of Object.entries(parsed)) {
    const target = splitHostPort(String(to))
    if (target) table.set(from.toLowerCase(), target)
  }
  return table
}

function splitHostPort(hostPort) {
  const colon = hostPort.lastIndexOf(':')
  if (colon <= 0) return undefined
  const host = hostPort.slice(0, colon).replace(/^\[(.*)\]$/, '$1')
  const port = Number(hostPort.slice(colon + 1))
  return Number.isInteger(port) && port > 0 ? { host, port } : undefined
}

function install(table) {
  // One marker address per provider host, in 127.0.0.0/8: nothing listens there, so a connection
  // that somehow escaped the rerouting fails on loopback rather than reach the real service.
  const hosts = [...new Set([...table.keys()].map((key) => key.slice(0, key.lastIndexOf(':'))))]
  const markerOf = new Map(hosts.map((host, index) => [host, `127.77.${index >> 8}.${(index & 255) + 1}`]))
  const hostOfMarker = new Map([...markerOf].map(([host, marker]) => [marker, host]))

  const targetOf = (host, port) => {
    if (typeof host !== 'string') return undefined
    const name = hostOfMarker.get(host) ?? host.toLowerCase().replace(/\.$/, '')
    return table.get(`${name}:${Number(port)}`)
  }

  const originalConnect = net.Socket.prototype.connect
  net.Socket.prototype.connect = function connect(...args) {
    // net.connect hands over [options, callback] already normalised; tls.connect, (options, callback).
    const [options, callback] = Array.isArray(args[0]) ? args[0] : normalise(args)
    const target = options && !options.path ? targetOf(options.host ?? 'localhost', options.port) : undefined
    if (target === undefined) return originalConnect.apply(this, args)
    // A copy: tls.connect keeps its own options object, whose host is the name the certificate is checked against.
    const rerouted = { ...options, host: target.host, port: target.port }
    return callback === undefined ? originalConnect.call(this, rerouted) : originalConnect.call(this, rerouted, callback)
  }

  const originalLookup = dns.lookup
  dns.lookup = function lookup(hostname, options, callback) {
    const marker = typeof hostname === 'string' ? markerOf.get(hostname.toLowerCase()) : undefined
    if (marker === undefined) return originalLookup.apply(this, arguments)
    const done = typeof options === 'function' ? options : callback
    const all = typeof options === 'object' && options !== null && options.all === true
    process.nextTick(() => (all ? done(null, [{ address: marker, family: 4 }]) : done(null, marker, 4)))
    return {}
  }
  const originalPromiseLookup = dns.promises.lookup
  dns.promises.lookup = function lookup(hostname, options) {
    const marker = typeof hostname === 'string' ? markerOf.get(hostname.toLowerCase()) : undefined
    if (marker === undefined) return originalPromiseLookup.apply(this, arguments)
    const all = typeof options === 'object' && options !== null && options.all === true
    return Promise.resolve(all ? [{ address: marker, family: 4 }] : { address: marker, family: 4 })
  }
  // `import { lookup } from 'node:dns'` reads the module's named exports: bring them in line with the patch.
  syncBuiltinESMExports()
}

/** socket.connect's public forms: (options[, cb]), (port[, host][, cb]), (path[, cb]). */
function normalise(args) {
  const last = args[args.length - 1]
  const callback = typeof last === 'function' ? last : undefined
  const first = args[0]
  if (typeof first === 'object' && first !== null) return [first, callback]
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return [{ port: first, host: typeof args[1] === 'string' ? args[1] : undefined }, callback]
  }
  return [{ path: first }, callback]
}
