import { drain, openSession, streamLimit, type PooledSession } from './apns-session.ts'
import type { ProviderResult } from './sender.ts'
import { transportError } from './transport-error.ts'

/** A request waiting for a stream slot. */
export interface StreamJob {
  /**
   * Called synchronously with a session that has a free slot: opens the
   * stream ('taken'), or 'declined' when this session must not carry it
   * (the pool then drains that session and offers another).
   */
  offer(session: PooledSession): 'taken' | 'declined'
  /** No session could be had (connect failed, pool closed). */
  fail(result: ProviderResult): void
}

export interface ApnsPool {
  /** Queues the job; returns a function that withdraws it if still queued. */
  dispatch(job: StreamJob): () => void
  /** A stream opened by a taken job ended. */
  release(session: PooledSession): void
  close(): Promise<void>
  stats(): { sessionsOpened: number; peakStreamsPerSession: number }
}

export interface ApnsPoolOptions {
  url: string
  connections: number
  ca: string[] | undefined
  /** Wall ms, asked for at each connect (the run clock's scale may have changed). */
  connectTimeoutMs: () => number
}

/**
 * A small pool of HTTP/2 connections (§1.8). Streams never exceed a
 * connection's SETTINGS_MAX_CONCURRENT_STREAMS: a request waits in a FIFO
 * queue for a free slot on the least busy connection, and a new connection
 * is opened (one at a time, up to `connections`) when every open one is full.
 */
export function createApnsPool(options: ApnsPoolOptions): ApnsPool {
  const sessions = new Set<PooledSession>()
  const queue: StreamJob[] = []
  let opened = 0
  let peak = 0
  let closed = false

  const events = {
    settings: () => pump(),
    closed(session: PooledSession) {
      sessions.delete(session)
      const nothingLeft = [...sessions].every((other) => other.draining)
      // A connection that never came up, with no other on the way: the waiting sends get its failure.
      if (!session.ready && nothingLeft) failQueue(session.failure ?? transportError('connection', 'APNs connection failed'))
      else pump()
    },
  }

  function freest(): PooledSession | undefined {
    let best: PooledSession | undefined
    for (const session of sessions) {
      if (!session.ready || session.draining || session.active >= streamLimit(session)) continue
      if (!best || session.active < best.active) best = session
    }
    return best
  }

  function maybeOpen(): void {
    const live = [...sessions].filter((session) => !session.draining)
    if (live.length >= options.connections || live.some((session) => !session.ready)) return
    sessions.add(openSession(options.url, ++opened, { ca: options.ca, connectTimeoutMs: options.connectTimeoutMs() }, events))
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      const session = freest()
      if (!session) return maybeOpen()
      if (queue[0]!.offer(session) === 'declined') {
        drain(session)
        continue
      }
      queue.shift()
      session.active++
      session.peakActive = Math.max(session.peakActive, session.active)
      peak = Math.max(peak, session.peakActive)
    }
  }

  function failQueue(result: ProviderResult): void {
    for (const job of queue.splice(0)) job.fail(result)
  }

  return {
    dispatch(job) {
      if (closed) {
        job.fail(transportError('connection', 'APNs sender closed'))
        return () => {}
      }
      queue.push(job)
      pump()
      return () => {
        const index = queue.indexOf(job)
        if (index >= 0) queue.splice(index, 1)
      }
    },
    release(session) {
      session.active--
      if (session.draining) drain(session)
      pump()
    },
    async close() {
      closed = true
      failQueue(transportError('connection', 'APNs sender closed'))
      // Open streams finish (each within its read timeout); a connection still connecting is dropped.
      const closing = [...sessions].map((session) => new Promise<void>((resolve) => {
        if (session.http2.destroyed) return resolve()
        session.http2.once('close', () => resolve())
        if (session.ready) session.http2.close()
        else session.http2.destroy()
      }))
      await Promise.all(closing)
    },
    stats: () => ({ sessionsOpened: opened, peakStreamsPerSession: peak }),
  }
}
