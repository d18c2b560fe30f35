/**
 * The cases catch a wrong dispatcher: fed a report with CTR over Sent, a
 * duplicate counted twice, or Sent aggregated as any-device for all-devices
 * targeting, the matching case fails and the others pass. (Device last
 * statuses are judged from the wire: test/oracle-device-last-status.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { aggregationCases } from '../aggregation/cases.ts'
import type { CampaignRecord, MessageFact, Profile, Targeting } from '../aggregation/facts/model.ts'
import { personStatusOf } from '../aggregation/person-status.ts'
import type { CaseResult } from '../case.ts'
import { DEFAULT_INTERPRETATIONS } from '../interpretations.ts'
import { delivery, message, mobileCampaign, webCampaign } from './hand-fixtures.test-support.ts'
import { mobileFigures } from './mobile-profile.ts'
import { profileCases } from './profile-cases.ts'
import { variantScope } from './scope.ts'
import { webFigures } from './web-profile.ts'

function record(profile: Profile, targeting: Targeting, messages: MessageFact[], metrics: object, statuses = messages.map((m) => ({ messageId: m.messageId, personId: m.personId, status: personStatusOf(m) as string }))): CampaignRecord {
  return { facts: { campaignId: 'c', profile, targeting, messages }, claims: { campaignId: 'c', statuses, metrics, variants: {}, trends: { day: [], week: [], month: [] } } }
}

const failing = (cases: CaseResult[]) => cases.filter((result) => result.verdict === 'fail').map((result) => result.id)

describe('metric cases against wrong reports', () => {
  it('a faithful web report passes every web figure, overall and per variant', () => {
    const messages = webCampaign()
    const campaign = record('webpush', 'all-devices', messages, webFigures(messages))
    campaign.claims.variants = { A: webFigures(variantScope(messages, 'A')), B: webFigures(variantScope(messages, 'B')) }
    const web = profileCases([campaign]).filter((result) => result.id.startsWith('metrics.web.'))
    expect(web.map((result) => [result.id, result.verdict, result.checked])).toEqual(['sent', 'views', 'clicks', 'ctr', 'errorsByCode'].map((figure) => [`metrics.web.${figure}`, 'pass', 3]))
  })
  it('CTR computed over Sent (3 / 6 = 50 instead of 2 / 3): metrics.web.ctr fails, nothing else', () => {
    const messages = webCampaign()
    const cases = profileCases([record('webpush', 'all-devices', messages, { ...webFigures(messages), ctr: 50 })])
    expect(failing(cases)).toEqual(['metrics.web.ctr'])
    expect(cases.find((result) => result.id === 'metrics.web.ctr')!.evidence[0]).toMatchObject({ campaignId: 'c', expected: expect.closeTo(66.667, 2), actual: 50 })
  })
  it('Safari views reported as 0 instead of unknown: metrics.web.views fails', () => {
    const messages = [message('s1', 'A', [delivery('webpush-safari', { outcome: 'accepted', opened: 5 })])]
    expect(failing(profileCases([record('webpush', 'last-device', messages, { sent: 1, views: 0, clicks: 1, ctr: null, errorsByCode: {} })]))).toEqual(['metrics.web.views'])
  })
  it('a duplicate impression counted twice (4 instead of 3): metrics.mobile.impressions fails, nothing else', () => {
    const messages = mobileCampaign()
    const cases = profileCases([record('mobile', 'all-devices', messages, { ...mobileFigures(messages), impressions: 4, errors: { technical: 1, nonTechnical: 1, byCode: { apns_token_format: 1, person_unsubscribed: 1 } } })])
    expect(failing(cases)).toEqual(['metrics.mobile.impressions'])
  })
  it('expired deliveries left out of Errors (the reading not-counted): metrics.mobile.errors fails under the default, passes when the run reads not-counted', () => {
    // p1 accepted; p2 retried through an outage until its TTL ran out (last answer fcm_internal_server_error); p3 expired unattempted.
    const messages = [
      message('p1', null, [delivery('fcm', { outcome: 'accepted' })]),
      message('p2', null, [delivery('fcm', { outcome: 'expired', code: 'fcm_internal_server_error' })]),
      message('p3', null, [{ ...delivery('apns', { outcome: 'expired' }), seqs: [] }]),
    ]
    const withoutExpired = { ...mobileFigures(messages), errors: { technical: 0, nonTechnical: 0, byCode: {} } }
    const cases = profileCases([record('mobile', 'last-device', messages, withoutExpired)])
    expect(failing(cases)).toEqual(['metrics.mobile.errors'])
    expect(cases.find((result) => result.id === 'metrics.mobile.errors')!.evidence[0]).toMatchObject({ expected: { technical: 2, nonTechnical: 0, 'byCode.fcm_internal_server_error': 1, 'byCode.expired': 1 } })
    expect(failing(profileCases([record('mobile', 'last-device', messages, withoutExpired)], { ...DEFAULT_INTERPRETATIONS, 'expired-errors': 'not-counted' }))).toEqual([])
    const withExpired = { ...withoutExpired, errors: { technical: 2, nonTechnical: 0, byCode: { fcm_internal_server_error: 1, expired: 1 } } }
    expect(failing(profileCases([record('mobile', 'last-device', messages, withExpired)]))).toEqual([])
  })
  it('a figure left out of the report fails its case', () => {
    const messages = mobileCampaign()
    const { convertedUsers: _, ...rest } = mobileFigures(messages)
    expect(failing(profileCases([record('mobile', 'all-devices', messages, rest)]))).toContain('metrics.mobile.convertedUsers')
  })
})

describe('aggregation cases against wrong statuses', () => {
  it('Sent aggregated as any-device for all-devices targeting: aggregation.person-status.all-devices fails, last-device passes', () => {
    const multi = [message('a1', 'A', [delivery('fcm', { outcome: 'accepted' }), delivery('apns', { outcome: 'open' })]), message('a2', 'A', [delivery('fcm', { outcome: 'accepted' }), delivery('apns', { outcome: 'failed' })])]
    const anyDevice = multi.map((m) => ({ messageId: m.messageId, personId: m.personId, status: 'Sent' }))
    const single = [message('b1', 'A', [delivery('fcm', { outcome: 'bounced' })])]
    const cases = aggregationCases([record('mobile', 'all-devices', multi, {}, anyDevice), record('person-status', 'last-device', single, {})])
    expect(cases.map((result) => [result.id, result.verdict, result.checked, result.violations])).toEqual([
      ['aggregation.person-status.last-device', 'pass', 1, 0],
      ['aggregation.person-status.all-devices', 'fail', 2, 1],
    ])
    expect(cases[1]!.evidence[0]).toMatchObject({ personId: 'a1', expected: 'Attempted', actual: 'Sent' })
  })
})
