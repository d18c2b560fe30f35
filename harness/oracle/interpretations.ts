/**
 * The readings push-semantics.md marks "(interpretation)" where a reasonable
 * dispatcher could differ, as named settings of a run (issue 11 §2): each
 * with the law's default and the values the oracle can judge by. A run
 * records which it used; the cases that decide those points read them.
 * Readings whose alternative the oracle cannot yet judge have one value:
 * they are still named, and reported, so a reader sees what was assumed.
 */
export interface InterpretationSpec {
  /** `push-semantics.md` section. */
  section: string
  /** What it decides, in one line. */
  question: string
  /** The law's reading first: it is the default. */
  values: readonly { value: string; meaning: string }[]
}

export const INTERPRETATIONS = {
  'retry-limit': {
    section: '§2',
    question: 'what "retry limit N" bounds',
    values: [
      { value: 'retries', meaning: 'N retries after the first attempt: at most N + 1 attempts' },
      { value: 'attempts', meaning: 'N attempts in all, the first included' },
    ],
  },
  'bounced-mixed': {
    section: '§7',
    question: 'the status of a message none of whose deliveries was accepted, some bounced and some failed otherwise',
    values: [
      { value: 'failed', meaning: 'Failed: Bounced needs every final delivery bounced or suppressed' },
      { value: 'bounced', meaning: 'Bounced: one bounce is enough' },
    ],
  },
  'all-suppressed': {
    section: '§10',
    question: 'the status of a message every delivery of which was suppressed, none bounced',
    values: [
      { value: 'failed', meaning: 'Failed, with the suppression as its reason' },
      { value: 'bounced', meaning: 'Bounced, as suppressed deliveries count with bounced ones' },
    ],
  },
  'expired-errors': {
    section: '§5, §8',
    question: 'whether a delivery that expired (its TTL ran out before any acceptance) is one of the Errors',
    values: [
      { value: 'counted', meaning: 'a technical error under its last attempt’s code (`expired` when it had none): a TTL cut short by an outage fails the delivery as the retry limit would' },
      { value: 'not-counted', meaning: 'not an error: only bounced and failed deliveries (and the non-technical reasons) count' },
    ],
  },
  'no-answer-code': {
    section: '§3, §4',
    question: 'the dashboard code of an attempt that got no answer (a timeout, a reset)',
    values: [{ value: 'channel-transient', meaning: 'the channel’s general transient code: dispatch_failed on Safari, Firefox, KaiOS (protocols §4.2); fcm_internal_server_error on Chrome and FCM; apns_unknown on APNs' }],
  },
  'event-uniqueness': {
    section: '§6, §8',
    question: 'how device reports count',
    values: [{ value: 'per-delivery', meaning: 'at most one view and one click per delivery, one conversion per person; repeated reports count once' }],
  },
  'webpush-read-timeout': {
    section: '§2',
    question: 'the read timeout of Chrome, Firefox and KaiOS web push',
    values: [{ value: 'request-budget', meaning: 'the connect timeout again (10 s): one request budget' }],
  },
  'safari-views': {
    section: '§6, §10',
    question: 'Safari deliveries in Views and CTR',
    values: [{ value: 'unknown', meaning: 'left out of Views and of both sides of CTR; an all-Safari campaign has Views and CTR null' }],
  },
  'open-implies-view': {
    section: '§10',
    question: 'an opened report with no delivered report before it',
    values: [{ value: 'yes', meaning: 'counts as the delivery’s view too, at the open’s time' }],
  },
  'no-send-after-deadline': {
    section: '§5, §10',
    question: 'attempts after a delivery’s TTL or the campaign’s cut-off',
    values: [{ value: 'none', meaning: 'no attempt after either, retries included' }],
  },
  'crash-attempts': {
    section: '§10',
    question: 'attempts a dispatcher may have sent before a crash',
    values: [{ value: 'counted', meaning: 'count against the retry limit: it holds across restarts' }],
  },
} as const satisfies Record<string, InterpretationSpec>

export type InterpretationName = keyof typeof INTERPRETATIONS
export type Interpretations = { [K in InterpretationName]: (typeof INTERPRETATIONS)[K]['values'][number]['value'] }

export const INTERPRETATION_NAMES = Object.keys(INTERPRETATIONS) as InterpretationName[]

/** The law's reading of every point. */
export const DEFAULT_INTERPRETATIONS: Interpretations = Object.fromEntries(INTERPRETATION_NAMES.map((name) => [name, INTERPRETATIONS[name].values[0].value])) as Interpretations
