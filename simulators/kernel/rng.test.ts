import { describe, expect, it } from 'vitest'
import { createRng } from './rng.ts'

describe('createRng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: string) => Array.from({ length: 5 }, createRng(seed).uint32)
    const a = createRng('alpha')
    const first = [a.uint32(), a.uint32(), a.uint32()]
    const b = createRng('alpha')
    expect([b.uint32(), b.uint32(), b.uint32()]).toEqual(first)
    expect(draw('beta')).not.toEqual(draw('alpha'))
  })

  it('forks independent streams that do not shift the parent', () => {
    const parent = createRng('seed')
    const expected = createRng('seed').next()
    parent.fork('faults').next()
    expect(parent.next()).toBe(expected)
    expect(createRng('seed').fork('x').next()).not.toBe(createRng('seed').fork('y').next())
  })

  it('makes lower-case version-4 UUIDs', () => {
    const uuid = createRng('u').uuid()
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('draws uniformly enough: mean of 10,000 draws within 0.02 of 0.5', () => {
    const rng = createRng('uniform')
    let sum = 0
    for (let i = 0; i < 10_000; i++) sum += rng.next()
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02)
  })
})
