// Baseline: the least a Node HTTP/1.1 server can do, answering a canned FCM success body.
import { createServer } from 'node:http'

const body = '{"name":"projects/pushsim-demo/messages/0:1500415314455276%31bd1c9631bd1c96"}'
const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }) + '\n')
})
