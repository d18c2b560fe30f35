import type { MetricsInput } from './input.ts'

/**
 * One campaign's input split per A/B variant (§8 "the same per variant"): a variant's messages and
 * deliveries, the reports of those deliveries, the conversions of those messages. Control-group
 * messages count in the variant they carry; the planner gives them none, so they appear in no variant.
 */
export function splitByVariant(input: MetricsInput): Map<string, MetricsInput> {
  const variantIds = new Set<string>()
  for (const message of input.messages) if (message.variantId !== null) variantIds.add(message.variantId)
  for (const delivery of input.deliveries) variantIds.add(delivery.variantId)
  const split = new Map<string, MetricsInput>()
  for (const variantId of [...variantIds].sort()) {
    const messages = input.messages.filter((message) => message.variantId === variantId)
    const deliveries = input.deliveries.filter((delivery) => delivery.variantId === variantId)
    const deliveryIds = new Set(deliveries.map((delivery) => delivery.id))
    const messageIds = new Set(messages.map((message) => message.id))
    split.set(variantId, {
      messages,
      deliveries,
      events: input.events.filter((event) => deliveryIds.has(event.deliveryId)),
      conversions: input.conversions.filter((conversion) => messageIds.has(conversion.messageId)),
    })
  }
  return split
}

/** Any profile per variant: `byVariant(input, webPushProfile)` → `{ a: {…}, b: {…} }`. */
export function byVariant<Profile>(input: MetricsInput, profile: (input: MetricsInput) => Profile): Record<string, Profile> {
  return Object.fromEntries([...splitByVariant(input)].map(([variantId, part]) => [variantId, profile(part)]))
}
