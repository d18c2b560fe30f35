import { createHash } from 'node:crypto'
import type { Variant } from '../model/entities.ts'

/** Two independent uniform draws in [0, 1) for one person in one campaign. */
export interface AssignmentDraws {
  control: number
  variant: number
}

const TWO_POW_48 = 2 ** 48

/**
 * Control-group and A/B draws come from sha256(seed, campaign, person) (push-semantics §9): the same run
 * seed always assigns a person the same way, and the two draws use disjoint bits of the digest so
 * being held out says nothing about which variant a person would have had.
 */
export function assignmentDraws(seed: string, campaignId: string, personId: string): AssignmentDraws {
  // NUL separators: ('a', 'bc') and ('ab', 'c') must not collide.
  const digest = createHash('sha256').update(`${seed}\u0000${campaignId}\u0000${personId}`).digest()
  return {
    control: digest.readUIntBE(0, 6) / TWO_POW_48,
    variant: digest.readUIntBE(6, 6) / TWO_POW_48,
  }
}

/** Held out when the draw falls below the share: share 0 holds out nobody, share 1 everybody. */
export function isInControlGroup(draw: number, controlGroupShare: number | undefined): boolean {
  return draw < (controlGroupShare ?? 0)
}

/**
 * The variant whose cumulative share interval holds the draw. (interpretation) Shares are normalised
 * by their sum, so shares that do not add up to exactly 1 still split in proportion; a variant with
 * share 0 is never chosen; undefined when no variant has a positive share.
 */
export function chooseVariant(variants: readonly Variant[], draw: number): Variant | undefined {
  const positive = variants.filter(variant => variant.share > 0)
  const total = positive.reduce((sum, variant) => sum + variant.share, 0)
  if (!(total > 0)) return undefined
  let cumulative = 0
  for (const variant of positive) {
    cumulative += variant.share / total
    if (draw < cumulative) return variant
  }
  // Rounding can leave the last cumulative bound a hair under 1.
  return positive[positive.length - 1]
}
