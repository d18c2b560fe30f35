/**
 * Fills in what each attempt of a personalised message showed, for
 * rules.personalisation: APNs and FCM from the ledger's request bodies
 * (shown-content.ts), web push from the receiving device's decision line
 * (`shown`: the body is encrypted on the wire, so only an accepted push,
 * as the device decrypted it). A second pass over the ledger, made only
 * when a campaign's template has a placeholder, keeping only those
 * attempts and stopping once each readable one is found.
 */
import { isDeviceLine, isExchangeLine, readLedgerBatches } from '../../../simulators/ledger/reader.ts'
import type { RulesRun, WireAttemptAt } from './model.ts'
import { shownOf } from './shown-content.ts'

const READ_ON_THE_WIRE = new Set(['apns', 'fcm'])

export async function readShown(ledgerPath: string, run: RulesRun): Promise<void> {
  const wanted = new Map<number, WireAttemptAt>()
  // Attempts whose content will be found: every APNs and FCM one; of web push, only accepted pushes reach a device.
  let findable = 0
  for (const campaign of run.campaigns) {
    const templated = new Set(campaign.plan.variants.filter((variant) => variant.template.placeholders.length > 0).map((variant) => variant.name))
    for (const message of campaign.messages) {
      if (message.variantId === null || !templated.has(message.variantId)) continue
      for (const delivery of message.deliveries) {
        for (const attempt of delivery.attempts) {
          wanted.set(attempt.seq, attempt)
          if (READ_ON_THE_WIRE.has(delivery.channel) || attempt.accepted) findable++
        }
      }
    }
  }
  if (wanted.size === 0) return
  let found = 0
  reading: for await (const batch of readLedgerBatches(ledgerPath)) {
    for (const line of batch) {
      if (isExchangeLine(line)) {
        const attempt = READ_ON_THE_WIRE.has(line.entry.provider) ? wanted.get(line.entry.seq) : undefined
        if (attempt === undefined) continue
        const shown = shownOf(line.entry.provider, line.entry.request)
        if (shown !== undefined) attempt.shown = shown
      } else if (isDeviceLine(line) && line.entry.event === 'decision' && !READ_ON_THE_WIRE.has(line.entry.channel)) {
        const attempt = wanted.get(line.entry.exchange)
        if (attempt === undefined) continue
        if (line.entry.shown !== undefined) attempt.shown = line.entry.shown
      } else continue
      if (++found === findable) break reading
    }
  }
}
