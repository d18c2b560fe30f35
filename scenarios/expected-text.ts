import type { ExpectedDeliveries } from './expected.ts'

/** The campaign rules' stops, the outcome without faults and the device reports, as `pushsim plan` prints them (~: an expectation). */
export function describeRules(expected: ExpectedDeliveries): string[] {
  const stops = [
    ['capped (frequency)', expected.frequencyCapped, 'messages'],
    ['discarded (DND)', expected.dndDiscarded, 'deliveries'],
    ['suppressed (devices bounced twice before)', expected.suppressedDevices, 'deliveries'],
  ] as const
  const { accepted, bounced, suppressed } = expected.outcome
  const { delivered, opened, converted } = expected.reports
  return [
    `    rules: ${stops.map(([what, count, unit]) => `${what} ~${count} ${unit}`).join(', ')}; unsubscribed persons ${expected.unsubscribed}`,
    `    without faults: accepted ~${accepted}, bounced ~${bounced}, suppressed ~${suppressed}`,
    `    device reports: delivered ~${delivered}, opened ~${opened}, converted ~${converted}`,
  ]
}
