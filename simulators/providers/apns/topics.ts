/**
 * `apns-push-type` and the `apns-topic` form each type requires (§1.3).
 */
export type ApnsPushType =
  | 'alert'
  | 'background'
  | 'complication'
  | 'controls'
  | 'fileprovider'
  | 'liveactivity'
  | 'location'
  | 'mdm'
  | 'pushtotalk'
  | 'voip'
  | 'widgets'

/** Suffix appended to the bundle id to form the topic of each push type. */
const TOPIC_SUFFIX = new Map<string, string>([
  ['alert', ''],
  ['background', ''],
  ['complication', '.complication'],
  ['controls', '.push-type.controls'],
  ['fileprovider', '.pushkit.fileprovider'],
  ['liveactivity', '.push-type.liveactivity'],
  ['location', '.location-query'],
  // The MDM topic comes from the push certificate's UID, not from a bundle id.
  ['mdm', ''],
  ['pushtotalk', '.voip-ptt'],
  ['voip', '.voip'],
  ['widgets', '.push-type.widgets'],
])

const SUFFIXED_TYPES = [...TOPIC_SUFFIX].filter(([, suffix]) => suffix !== '')

// [interp] Bundle ids are letters, digits, hyphens and periods; a topic with
// anything else (spaces, slashes, a leading period) is BadTopic.
const TOPIC_SYNTAX = /^[A-Za-z0-9][A-Za-z0-9.-]*$/

export type TopicResolution =
  | { ok: true; pushType: ApnsPushType; bundleId: string }
  | { ok: false; reason: 'InvalidPushType' | 'BadTopic' }

const INVALID_PUSH_TYPE: TopicResolution = { ok: false, reason: 'InvalidPushType' }
const BAD_TOPIC: TopicResolution = { ok: false, reason: 'BadTopic' }

/**
 * The push type and bundle id of a request with a non-empty topic.
 * [interp] Without `apns-push-type` the type is inferred from the topic's
 * suffix (older clients send voip pushes without it), else `alert`.
 * [interp] A topic lacking the suffix its push type requires is BadTopic
 * (e.g. `voip` to `com.example.app`).
 */
export function resolveTopic(pushTypeHeader: string | undefined, topic: string): TopicResolution {
  const pushType = pushTypeHeader ?? inferPushType(topic)
  const suffix = TOPIC_SUFFIX.get(pushType)
  if (suffix === undefined) return INVALID_PUSH_TYPE
  if (!TOPIC_SYNTAX.test(topic)) return BAD_TOPIC
  if (!topic.endsWith(suffix) || topic.length === suffix.length) return BAD_TOPIC
  const bundleId = suffix === '' ? topic : topic.slice(0, topic.length - suffix.length)
  return { ok: true, pushType: pushType as ApnsPushType, bundleId }
}

function inferPushType(topic: string): string {
  for (const [pushType, suffix] of SUFFIXED_TYPES) {
    if (topic.endsWith(suffix) && topic.length > suffix.length) return pushType
  }
  return 'alert'
}

/** §1.2 payload limits: 5120 bytes for VoIP, 4096 for everything else. */
export const payloadLimitOf = (pushType: ApnsPushType): number => (pushType === 'voip' ? 5120 : 4096)
