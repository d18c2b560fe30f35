// Baseline: the least a Node HTTP/2 TLS server can do, answering APNs' 200 with an apns-id.
import { readFileSync } from 'node:fs'
import { createSecureServer } from 'node:http2'

const [certPath, keyPath] = process.argv.slice(2)
const server = createSecureServer({ cert: readFileSync(certPath!), key: readFileSync(keyPath!), settings: { maxConcurrentStreams: 1000 } })
server.on('stream', (stream) => {
  stream.resume()
  stream.on('end', () => stream.respond({ ':status': 200, 'apns-id': '3f5b2c1a-8d4e-4f6a-9b7c-0e1d2f3a4b5c' }, { endStream: true }))
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n')
})
