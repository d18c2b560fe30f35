/**
 * Fills in what each APNs and FCM attempt of a personalised message showed
 * (shown-content.ts), from the ledger's request bodies, for
 * rules.personalisation. A second pass over the ledger, made only when a
 * campaign's template has a placeholder, keeping only those attempts and
 * stopping once each is found.
 */
import { isExchangeLine, readLedger } from '../../../simulators/ledger/reader.ts'
import type { RulesRun, WireAttemptAt } from './model.ts'
import { shownOf } from './shown-content.ts'

const READABLE_CHANNELS = new Set(['apns', 'fcm'])

export async function readShown(ledgerPath: string, run: RulesRun): Promise<void> {
  const wanted = new Map<number, WireAttemptAt>()
  for (const campaign of run.campaigns) {
    const templated = new Set(campaign.plan.variants.filter((variant) => variant.template.placeholders.length > 0).map((variant) => variant.name))
    for (const message of campaign.messages) {
      if (message.variantId === null || !templated.has(message.variantId)) continue
      for (const delivery of message.deliveries) if (READABLE_CHANNELS.has(delivery.channel)) for (const attempt of delivery.attempts) wanted.set(attempt.seq, attempt)
    }
  }
  if (wanted.size === 0) return
  let found = 0
  for await (const line of readLedger(ledgerPath, { provider: ['apns', 'fcm'] })) {
    if (!isExchangeLine(line)) continue
    const attempt = wanted.get(line.entry.seq)
    if (attempt === undefined) continue
    const shown = shownOf(line.entry.provider, line.entry.request)
    if (shown !== undefined) attempt.shown = shown
    if (++found === wanted.size) break
  }
}
