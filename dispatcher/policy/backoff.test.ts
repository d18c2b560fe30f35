import { describe, expect, it } from 'vitest'
import { jitteredBackoffMs } from './backoff.ts'

const backoff = { baseMs: 1_000, capMs: 60_000 }

describe('jitteredBackoffMs', () => {
  // Window after attempt n = min(60 000, 1 000·2^(n−1)); a draw near 1 reaches its top, 0 its bottom.
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [6, 32_000],
    [7, 60_000],
    [11, 60_000],
  ])('after attempt %i the window tops at %i', (attempts, top) => {
    expect(jitteredBackoffMs(attempts, backoff, () => 0.9999999)).toBe(top)
    expect(jitteredBackoffMs(attempts, backoff, () => 0)).toBe(0)
  })

  it('draws uniformly inside the window', () => {
    expect(jitteredBackoffMs(3, backoff, () => 0.5)).toBe(2_000)
    expect(jitteredBackoffMs(2, backoff, () => 0.25)).toBe(500)
  })

  it('stays in the window for a source that misbehaves', () => {
    expect(jitteredBackoffMs(1, backoff, () => 1)).toBe(1_000)
    expect(jitteredBackoffMs(1, backoff, () => 7)).toBe(1_000)
    expect(jitteredBackoffMs(1, backoff, () => -3)).toBe(0)
    expect(jitteredBackoffMs(0, backoff, () => 0.9999999)).toBe(1_000)
  })
})
