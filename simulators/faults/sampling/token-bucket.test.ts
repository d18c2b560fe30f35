import { describe, expect, it } from 'vitest'
import { createTokenBucket } from './token-bucket.ts'

describe('createTokenBucket', () => {
  it('allows a full bucket of requests, then says when the next token arrives', () => {
    const bucket = createTokenBucket({ capacity: 2, refillPerSecond: 1 })
    expect(bucket.take('k', 0)).toEqual({ ok: true })
    expect(bucket.take('k', 0)).toEqual({ ok: true })
    expect(bucket.take('k', 0)).toEqual({ ok: false, retryAfterMs: 1000 })
    expect(bucket.take('k', 400)).toEqual({ ok: false, retryAfterMs: 600 })
    expect(bucket.take('k', 1000)).toEqual({ ok: true })
    expect(bucket.take('k', 1000)).toEqual({ ok: false, retryAfterMs: 1000 })
  })

  it('refills continuously up to the capacity, never beyond', () => {
    const bucket = createTokenBucket({ capacity: 3, refillPerSecond: 10 })
    for (let i = 0; i < 3; i++) bucket.take('k', 0)
    expect(bucket.take('k', 250)).toEqual({ ok: true }) // 2.5 tokens back
    expect(bucket.take('k', 250)).toEqual({ ok: true })
    expect(bucket.take('k', 250)).toEqual({ ok: false, retryAfterMs: 50 })
    const results = Array.from({ length: 4 }, () => bucket.take('k', 60_000).ok)
    expect(results).toEqual([true, true, true, false])
  })

  it('600000/min: a minute of quota, then one token every 0.1 ms', () => {
    const bucket = createTokenBucket({ capacity: 600_000, refillPerSecond: 10_000 })
    for (let i = 0; i < 600_000; i++) bucket.take('project', 0)
    expect(bucket.take('project', 0)).toEqual({ ok: false, retryAfterMs: 1 })
    expect(bucket.take('project', 1)).toEqual({ ok: true })
  })

  it('keeps one bucket per key', () => {
    const bucket = createTokenBucket({ capacity: 1, refillPerSecond: 1 })
    expect(bucket.take('a', 0).ok).toBe(true)
    expect(bucket.take('a', 0).ok).toBe(false)
    expect(bucket.take('b', 0).ok).toBe(true)
  })

  it('ignores time going backwards', () => {
    const bucket = createTokenBucket({ capacity: 1, refillPerSecond: 1 })
    bucket.take('k', 5000)
    expect(bucket.take('k', 1000)).toEqual({ ok: false, retryAfterMs: 1000 })
    expect(bucket.take('k', 6000)).toEqual({ ok: true })
  })

  it('bounds memory by dropping idle full buckets first (no state lost), then the oldest', () => {
    const bucket = createTokenBucket({ capacity: 1, refillPerSecond: 1, maxKeys: 4 })
    for (const key of ['a', 'b', 'c', 'd']) bucket.take(key, 0)
    // At 500 ms no bucket is full: the oldest key goes, down to 90 % of the bound.
    bucket.take('e', 500)
    expect(bucket.size).toBe(4)
    expect(bucket.take('b', 500)).toEqual({ ok: false, retryAfterMs: 500 })
    expect(bucket.take('a', 500)).toEqual({ ok: true })
    // At 3 s every bucket is full again: all are dropped before adding the new key.
    bucket.take('f', 3000)
    expect(bucket.size).toBe(1)
  })
})
