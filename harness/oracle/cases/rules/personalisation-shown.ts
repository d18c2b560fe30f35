/**
 * rules.personalisation on the wire: every attempt of a personalised
 * delivery whose content the ledger shows (APNs and FCM request bodies, a
 * web push device's decrypted notification; read-shown.ts) must carry the variant's template rendered with the person's properties
 * or the fallbacks — by the oracle's own renderer — as title and body.
 */
import type { Evidence } from '../../case.ts'
import type { RuledCampaign, RuledDelivery, RuledMessage } from '../../rules/model.ts'
import type { ShownContent } from '../../rules/shown-content.ts'

/** One judgement per delivery with a readable attempt: undefined when it showed nothing to judge. */
export function judgeShown(campaign: RuledCampaign, message: RuledMessage, delivery: RuledDelivery, expected: ShownContent): { evidence: Evidence | undefined } | undefined {
  const shownAttempts = delivery.attempts.filter((attempt) => attempt.shown !== undefined)
  if (shownAttempts.length === 0) return undefined
  const wrong = shownAttempts.find((attempt) => attempt.shown!.title !== expected.title || attempt.shown!.body !== expected.body)
  if (wrong === undefined) return { evidence: undefined }
  return {
    evidence: {
      campaignId: campaign.id,
      personId: message.personId,
      deliveryId: delivery.id,
      seq: [wrong.seq],
      expected,
      actual: wrong.shown,
      note: `${campaign.name}, ${message.personId}: ${delivery.channel} attempt showed ${JSON.stringify(wrong.shown)} where the template renders ${JSON.stringify(expected)}`,
    },
  }
}
