/**
 * Codes the planner writes before any send (push-semantics §3 non-provider reasons, §5 suppressions).
 * Message failures leave the message without deliveries; delivery codes sit on suppressed or failed deliveries.
 */
export const MESSAGE_FAILURE = {
  /** A test send reached a person who is not a test profile (§9); not a send, not an error. */
  notATestProfile: 'not_a_test_profile',
  personUnsubscribed: 'person_unsubscribed',
  /** No eligible device: person status Undeliverable (§7). */
  noDevice: 'no_device',
  /** Non-technical failure (§3); person status Failed. */
  missingTemplateVariable: 'missing_template_variable',
  /** (interpretation) DND or local-time delivery needs the person's timezone and it is not an IANA zone. */
  invalidTimezone: 'invalid_timezone',
  /** (interpretation) The campaign's rules cannot be read (bad HH:MM, share outside 0..1, …). */
  invalidCampaignRules: 'invalid_campaign_rules',
  /** (interpretation) No variant has a positive share. */
  noVariant: 'no_variant',
} as const

export const DELIVERY_CODE = {
  /** The device bounced twice in a row (§7); errorClass dead-address. */
  deviceSuppressed: 'device_suppressed',
  /** The web push vendor's "frequency exceeded", a non-technical error (§3, §9). */
  frequencyExceeded: 'frequency_exceeded',
  dndDiscarded: 'dnd_discarded',
  cutoffPassed: 'cutoff_passed',
  /** (interpretation) Safari renders nothing without a deep link (§9): failed as a bad message, never sent. */
  safariMissingDeepLink: 'safari_missing_deep_link',
} as const
