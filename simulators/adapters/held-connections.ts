/**
 * A `connection` ledger line for each connection a slow-connect fault
 * held before its TLS handshake or first byte: when the hold ended, and
 * how — `released` (handed to the protocol server when the delay ran
 * out), `left` (the client gave up first: its connect timeout) or `open`
 * (still held when the simulators stopped). No request ever reached the
 * provider on a connection the client left, so no exchange line records it:
 * this line is the ground truth of a client's connect timeout
 * (docs/ledger.md "A connection entry").
 */
import type { Socket } from 'node:net'
import { Duplex } from 'node:stream'
import type { ConnectionBehaviour } from '../kernel/connection-behaviour.ts'
import type { Clock } from '../kernel/clock.ts'
import type { Ledger } from '../ledger/ledger.ts'

export type HoldOutcome = 'released' | 'left' | 'open'

export interface HeldConnection {
  /** Records the hold's end once; later calls do nothing. */
  end(outcome: HoldOutcome): void
}

export function holdConnection(deps: { ledger: Ledger; wall: Clock; provider: string; connection: number; tls: boolean; behaviour: ConnectionBehaviour }): HeldConnection {
  const acceptedAt = deps.wall.now()
  const acceptedAtMs = performance.now()
  let ended = false
  return {
    end(outcome) {
      if (ended) return
      ended = true
      deps.ledger.appendEvent('connection', {
        event: 'held',
        provider: deps.provider,
        connection: deps.connection,
        tls: deps.tls,
        faults: deps.behaviour.faultIds,
        acceptedAt: new Date(acceptedAt).toISOString(),
        heldMs: deps.behaviour.acceptDelayMs,
        outcome,
        afterMs: Math.round((performance.now() - acceptedAtMs) * 1000) / 1000,
      })
    },
  }
}

/**
 * A held socket read while holding (only to see its client leave: a paused
 * socket never sees its FIN), handed on with what its client sent first.
 * A JavaScript protocol server reads it back from the socket (`unshift`);
 * TLS reads the handle underneath, past anything unshifted, so it gets a
 * stream that replays the early bytes and then relays the socket.
 */
export function replayingStream(socket: Socket, early: readonly Buffer[]): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, done),
    final: (done) => {
      socket.end()
      done()
    },
    destroy: (error, done) => {
      socket.destroy()
      done(error)
    },
  })
  for (const chunk of early) stream.push(chunk)
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause()
  })
  socket.once('end', () => stream.push(null))
  socket.once('close', () => stream.destroy())
  return stream
}
