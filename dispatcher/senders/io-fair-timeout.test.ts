import { once } from 'node:events'
import { createServer, connect, type Socket, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ioFairTimeout } from './io-fair-timeout.ts'

/** A connected pair on loopback: what the server side writes lands in the client's socket buffer at once. */
async function socketPair(): Promise<{ client: Socket; server: Socket; close(): void }> {
  const listener = createServer()
  listener.listen(0, '127.0.0.1')
  await once(listener, 'listening')
  const client = connect((listener.address() as AddressInfo).port, '127.0.0.1')
  const [server] = (await once(listener, 'connection')) as [Socket]
  await once(client, 'connect')
  return { client, server, close: () => (client.destroy(), server.destroy(), listener.close()) }
}

/** Arms the timeout, writes the answer, then holds the event loop past the timeout, as a loaded machine does. */
async function race(arm: (expire: () => void, ms: number) => () => void): Promise<'answered' | 'expired'> {
  const pair = await socketPair()
  closers.push(pair.close)
  const outcome = new Promise<'answered' | 'expired'>((resolve) => {
    const stop = arm(() => resolve('expired'), 20)
    pair.client.once('data', () => {
      stop()
      resolve('answered')
    })
  })
  pair.server.write('answer')
  const until = Date.now() + 150
  while (Date.now() < until) {
    // held: neither the timer nor the socket can run
  }
  return outcome
}

const closers: (() => void)[] = []
afterEach(() => closers.splice(0).forEach((close) => close()))

describe('ioFairTimeout', () => {
  it('reads an answer that arrived in time before it expires, after the loop was held up', async () => {
    expect(await race(ioFairTimeout)).toBe('answered')
  })

  it('a plain timer, for contrast, abandons that same answer', async () => {
    const plain = (expire: () => void, ms: number) => {
      const timer = setTimeout(expire, ms)
      return () => clearTimeout(timer)
    }
    expect(await race(plain)).toBe('expired')
  })

  it('expires when no answer comes', async () => {
    const expired = await new Promise<boolean>((resolve) => {
      ioFairTimeout(() => resolve(true), 5)
    })
    expect(expired).toBe(true)
  })

  it('never expires once cancelled between its timer and its turn', async () => {
    let expired = false
    const stop = ioFairTimeout(() => (expired = true), 1)
    // Same duration, armed after, and both due before the loop next runs timers: this one runs right
    // behind the timeout's timer in the same timers phase, before the check phase.
    const cancelled = new Promise<void>((resolve) => setTimeout(() => (stop(), resolve()), 1))
    const until = Date.now() + 10
    while (Date.now() < until) {
      // both timers fall due
    }
    await cancelled
    await new Promise((resolve) => setImmediate(resolve))
    expect(expired).toBe(false)
  })
})
