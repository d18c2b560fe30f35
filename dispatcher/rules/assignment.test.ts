import { describe, expect, it } from 'vitest'
import type { Variant } from '../model/entities.ts'
import { assignmentDraws, chooseVariant, isInControlGroup } from './assignment.ts'

const variant = (id: string, share: number): Variant => ({ id, share, content: { title: id, body: id } })
const persons = Array.from({ length: 10_000 }, (_, index) => `person-${index}`)

describe('assignment draws', () => {
  it('match sha256(seed NUL campaign NUL person): bytes 0–5 and 6–11 over 2^48', () => {
    // Computed with Python hashlib: sha256(b'seed-1\x00camp-1\x00person-1') = fbfcc9f8cbde 9203c665a25f …
    const draws = assignmentDraws('seed-1', 'camp-1', 'person-1')
    expect(draws.control).toBeCloseTo(0.9843260033047656, 15)
    expect(draws.variant).toBeCloseTo(0.5703701017504237, 15)
  })

  it('are reproducible for a seed and change with it', () => {
    const heldOut = (seed: string) => persons.filter(person => isInControlGroup(assignmentDraws(seed, 'c', person).control, 0.1))
    expect(heldOut('run-7')).toEqual(heldOut('run-7'))
    expect(heldOut('run-8')).not.toEqual(heldOut('run-7'))
  })
})

describe('control group', () => {
  it('holds out the share: 10 000 persons at 0.2 → 2000 ± 160 (4 standard deviations of 40)', () => {
    const count = persons.filter(person => isInControlGroup(assignmentDraws('s', 'c', person).control, 0.2)).length
    expect(count).toBeGreaterThanOrEqual(1840)
    expect(count).toBeLessThanOrEqual(2160)
  })

  it('compares the draw strictly below the share; no share holds out nobody', () => {
    expect(isInControlGroup(0.1999, 0.2)).toBe(true)
    expect(isInControlGroup(0.2, 0.2)).toBe(false)
    expect(isInControlGroup(0, undefined)).toBe(false)
    expect(isInControlGroup(0.999999, 1)).toBe(true)
  })

  it('draws for control and variant are independent: P(control < 0.2 and variant < 0.5) ≈ 0.1', () => {
    const both = persons.filter(person => {
      const draws = assignmentDraws('s', 'c', person)
      return draws.control < 0.2 && draws.variant < 0.5
    }).length
    // 1000 ± 4 standard deviations (√(10 000 · 0.1 · 0.9) = 30).
    expect(both).toBeGreaterThanOrEqual(880)
    expect(both).toBeLessThanOrEqual(1120)
  })
})

describe('A/B variants', () => {
  const abc = [variant('A', 0.5), variant('B', 0.3), variant('C', 0.2)]

  it('picks by cumulative share: [0, 0.5) A, [0.5, 0.8) B, [0.8, 1) C', () => {
    expect(chooseVariant(abc, 0)?.id).toBe('A')
    expect(chooseVariant(abc, 0.49)?.id).toBe('A')
    expect(chooseVariant(abc, 0.5)?.id).toBe('B')
    expect(chooseVariant(abc, 0.79)?.id).toBe('B')
    expect(chooseVariant(abc, 0.81)?.id).toBe('C')
    expect(chooseVariant(abc, 0.9999999)?.id).toBe('C')
  })

  it('normalises shares, never picks a zero share, and has no answer without a positive share', () => {
    expect(chooseVariant([variant('A', 1), variant('B', 1)], 0.49)?.id).toBe('A')
    expect(chooseVariant([variant('A', 1), variant('B', 1)], 0.5)?.id).toBe('B')
    expect(chooseVariant([variant('A', 0), variant('B', 1)], 0)?.id).toBe('B')
    expect(chooseVariant([variant('A', 0)], 0.3)).toBeUndefined()
    expect(chooseVariant([], 0.3)).toBeUndefined()
  })

  it('splits 10 000 persons by share within 4 standard deviations, the same way every time', () => {
    const split = () => {
      const counts: Record<string, number> = { A: 0, B: 0, C: 0 }
      for (const person of persons) counts[chooseVariant(abc, assignmentDraws('s', 'c', person).variant)!.id]! += 1
      return counts
    }
    const counts = split()
    // A: 5000 ± 200 (σ 50); B: 3000 ± 184 (σ 45.8); C: 2000 ± 160 (σ 40).
    expect(counts.A).toBeGreaterThanOrEqual(4800)
    expect(counts.A).toBeLessThanOrEqual(5200)
    expect(counts.B).toBeGreaterThanOrEqual(2816)
    expect(counts.B).toBeLessThanOrEqual(3184)
    expect(counts.C).toBeGreaterThanOrEqual(1840)
    expect(counts.C).toBeLessThanOrEqual(2160)
    expect(split()).toEqual(counts)
  })
})
