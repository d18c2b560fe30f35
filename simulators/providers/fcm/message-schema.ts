import { messageSchema, type FieldSpec } from './proto-json.ts'

/**
 * The FCM HTTP v1 request, field by field, from the REST reference of
 * `projects.messages` and firebase-admin 14.5's property mappings (§2.2).
 * Type names are the proto names ESF prints in "Invalid value" messages;
 * nested enum and map-entry names are [interp].
 */
const V1 = 'google.firebase.fcm.v1'
const S = { kind: 'string' } as const
const B = { kind: 'bool' } as const
const DURATION = { kind: 'duration' } as const
const STRUCT = { kind: 'struct' } as const
const map = (type: string): FieldSpec => ({ kind: 'map', type })
const enumOf = (type: string, values: readonly string[]): FieldSpec => ({ kind: 'enum', type, values })
const repeated = (of: FieldSpec): FieldSpec => ({ kind: 'repeated', of })

const notification = messageSchema(`${V1}.Notification`, { title: S, body: S, image: S })
const fcmOptions = messageSchema(`${V1}.FcmOptions`, { analytics_label: S })

const color = messageSchema('google.type.Color', {
  red: { kind: 'float' },
  green: { kind: 'float' },
  blue: { kind: 'float' },
  alpha: { kind: 'float' },
})
const lightSettings = messageSchema(`${V1}.LightSettings`, {
  color: { kind: 'message', schema: color },
  light_on_duration: DURATION,
  light_off_duration: DURATION,
})

const androidNotification = messageSchema(`${V1}.AndroidNotification`, {
  title: S,
  body: S,
  icon: S,
  color: S,
  sound: S,
  tag: S,
  click_action: S,
  body_loc_key: S,
  body_loc_args: repeated(S),
  title_loc_key: S,
  title_loc_args: repeated(S),
  channel_id: S,
  ticker: S,
  sticky: B,
  event_time: { kind: 'timestamp' },
  local_only: B,
  notification_priority: enumOf(`${V1}.AndroidNotification.NotificationPriority`, [
    'PRIORITY_UNSPECIFIED',
    'PRIORITY_MIN',
    'PRIORITY_LOW',
    'PRIORITY_DEFAULT',
    'PRIORITY_HIGH',
    'PRIORITY_MAX',
  ]),
  default_sound: B,
  default_vibrate_timings: B,
  default_light_settings: B,
  vibrate_timings: repeated(DURATION),
  visibility: enumOf(`${V1}.AndroidNotification.Visibility`, ['VISIBILITY_UNSPECIFIED', 'PRIVATE', 'PUBLIC', 'SECRET']),
  notification_count: { kind: 'int32' },
  light_settings: { kind: 'message', schema: lightSettings },
  image: S,
  bypass_proxy_notification: B,
  proxy: enumOf(`${V1}.AndroidNotification.Proxy`, ['PROXY_UNSPECIFIED', 'ALLOW', 'DENY', 'IF_PRIORITY_LOWERED']),
})

const android = messageSchema(`${V1}.AndroidConfig`, {
  collapse_key: S,
  priority: enumOf(`${V1}.AndroidMessagePriority`, ['NORMAL', 'HIGH']),
  ttl: DURATION,
  restricted_package_name: S,
  data: map(`${V1}.AndroidConfig.DataEntry`),
  notification: { kind: 'message', schema: androidNotification },
  fcm_options: { kind: 'message', schema: messageSchema(`${V1}.AndroidFcmOptions`, { analytics_label: S }) },
  direct_boot_ok: B,
  bandwidth_constrained_ok: B,
  restricted_satellite_ok: B,
})

const apns = messageSchema(`${V1}.ApnsConfig`, {
  headers: map(`${V1}.ApnsConfig.HeadersEntry`),
  payload: STRUCT,
  fcm_options: { kind: 'message', schema: messageSchema(`${V1}.ApnsFcmOptions`, { analytics_label: S, image: S }) },
  live_activity_token: S,
})

const webpush = messageSchema(`${V1}.WebpushConfig`, {
  headers: map(`${V1}.WebpushConfig.HeadersEntry`),
  data: map(`${V1}.WebpushConfig.DataEntry`),
  notification: STRUCT,
  fcm_options: { kind: 'message', schema: messageSchema(`${V1}.WebpushFcmOptions`, { link: S, analytics_label: S }) },
})

export const TARGET_FIELDS = ['token', 'topic', 'condition', 'fid'] as const

export const MESSAGE_SCHEMA = messageSchema(
  `${V1}.Message`,
  {
    name: S,
    data: map(`${V1}.Message.DataEntry`),
    notification: { kind: 'message', schema: notification },
    android: { kind: 'message', schema: android },
    webpush: { kind: 'message', schema: webpush },
    apns: { kind: 'message', schema: apns },
    fcm_options: { kind: 'message', schema: fcmOptions },
    token: S,
    topic: S,
    condition: S,
    fid: S,
  },
  { name: 'target', members: TARGET_FIELDS },
)

/** `{"validate_only": bool, "message": Message}` (§2.2). */
export const SEND_REQUEST_SCHEMA = messageSchema(`${V1}.SendMessageRequest`, {
  validate_only: B,
  message: { kind: 'message', schema: MESSAGE_SCHEMA },
})
