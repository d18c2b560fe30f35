/**
 * `metrics.<profile>.<figure>`: every figure of a campaign's declared
 * profile recomputed from the ground truth, overall and per A/B variant,
 * against the dispatcher's report. One case per figure; each campaign ×
 * scope is one check. Skipped when no campaign declares the profile.
 */
import { CaseBuilder, type CaseResult } from '../case.ts'
import { DEFAULT_INTERPRETATIONS, type Interpretations } from '../interpretations.ts'
import type { CampaignClaims, CampaignFacts, CampaignRecord, MessageFact, Profile } from '../aggregation/facts/model.ts'
import type { CampaignJudge } from '../aggregation/campaign-judge.ts'
import { figureMatches } from './compare.ts'
import { canonicalCounts } from './errors.ts'
import type { FigureKinds } from './figure.ts'
import { MOBILE_FIGURES, mobileFigures } from './mobile-profile.ts'
import { PERSON_STATUS_FIGURES, personStatusFigures } from './person-status-profile.ts'
import { variantScope } from './scope.ts'
import { WEB_FIGURES, webFigures } from './web-profile.ts'

interface ProfileSpec {
  key: string
  profile: Profile
  section: string
  kinds: FigureKinds
  compute: (messages: readonly MessageFact[], interpretations: Interpretations) => Record<string, unknown>
}

export const PROFILES: readonly ProfileSpec[] = [
  { key: 'web', profile: 'webpush', section: '§8 web push profile, §10 Safari views', kinds: WEB_FIGURES, compute: webFigures },
  { key: 'mobile', profile: 'mobile', section: '§8 mobile push profile, §10 Safari views', kinds: MOBILE_FIGURES, compute: mobileFigures },
  { key: 'person-status', profile: 'person-status', section: '§8 person-status profile, §7', kinds: PERSON_STATUS_FIGURES, compute: personStatusFigures },
]

export function profileCases(campaigns: readonly CampaignRecord[], interpretations: Interpretations = DEFAULT_INTERPRETATIONS): CaseResult[] {
  const judge = profileJudge(interpretations)
  for (const campaign of campaigns) judge.add(campaign)
  return judge.results()
}

/** The same cases, fed one campaign at a time. */
export function profileJudge(interpretations: Interpretations = DEFAULT_INTERPRETATIONS): CampaignJudge {
  const specs = PROFILES.map((spec) => ({
    spec,
    declaring: 0,
    builders: Object.keys(spec.kinds).map((figure) => new CaseBuilder(`metrics.${spec.key}.${figure}`, `${spec.key} profile: ${figure} recomputed from the ground truth`, { document: 'push-semantics.md', section: spec.section })),
  }))
  return {
    add({ facts, claims }) {
      for (const entry of specs) {
        if (facts.profile !== entry.spec.profile) continue
        entry.declaring++
        judgeCampaign(entry.spec, entry.builders, facts, claims, interpretations)
      }
    },
    results: () => specs.flatMap(({ spec, declaring, builders }) => builders.map((builder) => builder.result(declaring === 0 ? `no campaign in this run declares the ${spec.profile} profile` : undefined))),
  }
}

function judgeCampaign(spec: ProfileSpec, builders: readonly CaseBuilder[], facts: CampaignFacts, claims: CampaignClaims, interpretations: Interpretations): void {
  const scopes: { label: string; messages: readonly MessageFact[]; reported: unknown }[] = [
    { label: 'overall', messages: facts.messages, reported: claims.metrics },
    ...Object.entries(claims.variants).map(([variantId, reported]) => ({ label: `variant ${variantId}`, messages: variantScope(facts.messages, variantId), reported })),
  ]
  for (const scope of scopes) {
    const expected = spec.compute(scope.messages, interpretations)
    const reported = typeof scope.reported === 'object' && scope.reported !== null ? (scope.reported as Record<string, unknown>) : undefined
    builders.forEach((builder, index) => {
      const figure = Object.keys(spec.kinds)[index]!
      const actual = canonicalErrors(figure, reported?.[figure])
      if (reported !== undefined && figureMatches(spec.kinds[figure]!, expected[figure], actual)) return builder.check()
      builder.check({
        campaignId: facts.campaignId,
        expected: expected[figure],
        actual: actual ?? null,
        note: `campaign ${facts.campaignId} (${scope.label}): ${figure} ${reported === undefined ? 'not reported' : `reported ${JSON.stringify(actual)}`}, ground truth ${JSON.stringify(expected[figure])}`,
      })
    })
  }
}

/** Error codes compare by catalogue entry, whichever of its names the dispatcher used. */
export function canonicalErrors(figure: string, actual: unknown): unknown {
  if (figure === 'errorsByCode') return canonicalCounts(actual)
  if (figure === 'errors' && typeof actual === 'object' && actual !== null && 'byCode' in actual) return { ...actual, byCode: canonicalCounts(actual.byCode) }
  return actual
}
