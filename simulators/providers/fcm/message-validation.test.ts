import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildRequest } from '../../kernel/index.ts'
import { accessToken, badRequestOf, DEVICE_TOKEN, fcmError, json, outcomeOf, PROJECT, send, setup, statusBody } from './test-support.ts'

const T = DEVICE_TOKEN
const P = 'Invalid JSON payload received. '
const GENERIC = statusBody(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', [fcmError('INVALID_ARGUMENT')])
const violations = (...list: { field?: string; description: string }[]) =>
  statusBody(400, 'INVALID_ARGUMENT', list.map((v) => v.description).join('\n'), [badRequestOf(...list)])

const answer = (body: unknown) => {
  const { response, note } = send(setup().fcm, body)
  return { status: response.status, body: json(response), note }
}
const accepted = (body: unknown) => expect(answer(body).status).toBe(200)
const rejected = (body: unknown, expected: unknown) => {
  const result = answer(body)
  expect(result.status).toBe(400)
  expect(result.body).toEqual(expected)
  expect(result.note?.reason).toBe('INVALID_ARGUMENT')
}

/** §2.2: what firebase-admin 13.10 sends for a typical message. */
const ADMIN_EXAMPLE = {
  message: {
    token: 'tok123', data: { k: 'v' },
    notification: { title: 't', body: 'b', image: 'https://x/y.png' },
    fcmOptions: { analyticsLabel: 'lbl' },
    android: { priority: 'high', ttl: '3600s', collapse_key: 'ck', restricted_package_name: 'com.x',
      notification: { click_action: 'A', channel_id: 'c', notification_priority: 'PRIORITY_MAX' },
      fcmOptions: { analyticsLabel: 'a' } },
    apns: { headers: { 'apns-priority': '10' },
      payload: { aps: { alert: { title: 't' }, badge: 1, 'content-available': 1, 'mutable-content': 1, 'thread-id': 'th' }, custom: 'x' },
      fcmOptions: { image: 'https://x/y.png' } },
    webpush: { headers: { TTL: '60', Urgency: 'high' }, data: { a: 'b' },
      notification: { title: 't', requireInteraction: true }, fcmOptions: { link: 'https://x/' } },
  },
}

describe('bodies real clients send', () => {
  it('accepts the firebase-admin example of §2.2, and its dry run', () => {
    accepted(ADMIN_EXAMPLE)
    expect(answer({ ...ADMIN_EXAMPLE, validate_only: true }).body).toEqual({ name: `projects/${PROJECT}/messages/fake_message_id` })
  })

  it("accepts every field firebase-admin 14.5's own validateMessage emits", () => {
    const adminLib = dirname(createRequire(import.meta.url).resolve('firebase-admin'))
    const { validateMessage } = createRequire(import.meta.url)(join(adminLib, 'messaging/messaging-internal.js')) as { validateMessage: (m: object) => void }
    const message = {
      token: T, data: { k: 'v' }, notification: { title: 't', body: 'b', imageUrl: 'https://x/y.png' }, fcmOptions: { analyticsLabel: 'l' },
      android: {
        collapseKey: 'c', priority: 'normal', ttl: 1500, restrictedPackageName: 'com.x', data: { a: 'b' }, directBootOk: true,
        bandwidthConstrainedOk: true, restrictedSatelliteOk: false, fcmOptions: { analyticsLabel: 'a' },
        notification: {
          title: 't', body: 'b', icon: 'i', color: '#aabbcc', sound: 's', tag: 'g', imageUrl: 'https://x/i.png', clickAction: 'A',
          bodyLocKey: 'k', bodyLocArgs: ['1'], titleLocKey: 'tk', titleLocArgs: ['2'], channelId: 'ch', ticker: 'tk', sticky: true,
          eventTimestamp: new Date(Date.UTC(2026, 0, 1)), localOnly: true, priority: 'high', vibrateTimingsMillis: [100, 200.5],
          defaultVibrateTimings: false, defaultSound: true, defaultLightSettings: false, visibility: 'private', notificationCount: 3,
          proxy: 'if_priority_lowered', lightSettings: { color: '#11223344', lightOnDurationMillis: 100, lightOffDurationMillis: 200 },
        },
      },
      apns: {
        liveActivityToken: 'lat', headers: { 'apns-push-type': 'alert' }, fcmOptions: { analyticsLabel: 'x', imageUrl: 'https://x/i.png' },
        payload: { aps: { alert: { title: 't', locKey: 'k', locArgs: ['a'] }, badge: 2, sound: { name: 'n', critical: true, volume: 0.5 }, contentAvailable: true, category: 'c', threadId: 't' } },
      },
      webpush: { headers: { TTL: '60' }, data: { a: 'b' }, notification: { title: 't', actions: [{ action: 'a', title: 'b' }] }, fcmOptions: { link: 'https://x/' } },
    }
    validateMessage(message)
    accepted({ message })
  })

  it('ignores null fields (proto3 JSON default)', () => {
    accepted({ message: { token: T, notification: null, data: null, topic: null } })
  })

  it('takes numeric and string forms of int32, float and enum values', () => {
    accepted({ message: { token: T, android: { priority: 1, notification: { notification_count: '3', light_settings: { color: { red: '0.5', alpha: 1 } } } } } })
  })
})

describe('ESF parse errors (BadRequest fieldViolations)', () => {
  it('rejects a legacy-style body: one violation per unknown root name, no field', () => {
    rejected({ to: T, time_to_live: 60, priority: 'high' }, violations(
      { description: `${P}Unknown name "to": Cannot find field.` },
      { description: `${P}Unknown name "time_to_live": Cannot find field.` },
      { description: `${P}Unknown name "priority": Cannot find field.` },
    ))
  })

  it('reproduces the sygnal#387 body exactly', () => {
    rejected({ message: { message: { token: T } } }, violations({ field: 'message', description: `${P}Unknown name "message" at 'message': Cannot find field.` }))
  })

  it('names nested paths with proto field names', () => {
    rejected({ message: { token: T, android: { notification: { colour: '#ffffff' } } } }, violations({
      field: 'message.android.notification',
      description: `${P}Unknown name "colour" at 'message.android.notification': Cannot find field.`,
    }))
  })

  it('reproduces the doc body for a non-string data value', () => {
    const d = "Invalid value at 'message.data[0].value' (TYPE_STRING), 12"
    rejected({ message: { token: T, data: { score: 12 } } }, violations({ field: 'message.data[0].value', description: d }))
  })

  it('indexes map entries by position and joins several problems with \\n', () => {
    rejected({ message: { token: T, data: { a: 'x', b: true }, apns: { headers: { 'apns-priority': 10 } }, bogus: 1 } }, violations(
      { field: 'message.data[1].value', description: "Invalid value at 'message.data[1].value' (TYPE_STRING), true" },
      { field: 'message.apns.headers[0].value', description: "Invalid value at 'message.apns.headers[0].value' (TYPE_STRING), 10" },
      { field: 'message', description: `${P}Unknown name "bogus" at 'message': Cannot find field.` },
    ))
  })

  it.each([
    [{ android: { priority: 'urgent' } }, 'message.android.priority', 'type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority', '"urgent"'],
    [{ android: { ttl: '3600' } }, 'message.android.ttl', 'type.googleapis.com/google.protobuf.Duration', '"3600"'],
    [{ android: { ttl: 3600 } }, 'message.android.ttl', 'type.googleapis.com/google.protobuf.Duration', '3600'],
    [{ notification: 'hello' }, 'message.notification', 'type.googleapis.com/google.firebase.fcm.v1.Notification', '"hello"'],
    [{ android: { directBootOk: 'yes' } }, 'message.android.direct_boot_ok', 'TYPE_BOOL', '"yes"'],
    [{ android: { notification: { notification_count: 1.5 } } }, 'message.android.notification.notification_count', 'TYPE_INT32', '1.5'],
    [{ android: { notification: { body_loc_args: [1] } } }, 'message.android.notification.body_loc_args[0]', 'TYPE_STRING', '1'],
    [{ android: { notification: { event_time: 'yesterday' } } }, 'message.android.notification.event_time', 'type.googleapis.com/google.protobuf.Timestamp', '"yesterday"'],
    [{ apns: { payload: '{"aps":{}}' } }, 'message.apns.payload', 'type.googleapis.com/google.protobuf.Struct', '"{\\"aps\\":{}}"'],
    [{ webpush: { data: ['a'] } }, 'message.webpush.data', 'type.googleapis.com/google.firebase.fcm.v1.WebpushConfig.DataEntry', '["a"]'],
    [{ notification: { title: { text: 'x' } } }, 'message.notification.title', 'TYPE_STRING', '{"text":"x"}'],
  ])('rejects a value of the wrong type: %j', (patch, field, type, value) => {
    const description = `Invalid value at '${field}' (${type}), ${value}`
    rejected({ message: { token: T, ...patch } }, violations({ field, description }))
  })

  it('rejects a second member of the target oneof', () => {
    rejected({ message: { token: T, topic: 'news' } }, violations({
      field: 'message',
      description: `${P}Unknown name "topic" at 'message': oneof field 'target' is already set. Cannot set 'topic'`,
    }))
  })

  it.each([
    ['broken JSON', '{"message": {token', 'Unexpected token.'],
    ['a truncated body', '{"message": {"token": "abc', 'Unexpected end of string.'],
    ['binary garbage', Buffer.from([0xde, 0xad, 0xbe, 0xef]), 'Unexpected token.'],
  ])('rejects %s', (_, body, sentence) => {
    rejected(body, violations({ description: `${P}${sentence}` }))
  })

  it('rejects a root that is not an object', () => {
    rejected('[1,2]', violations({ description: `${P}Unknown name "": Root element must be a message.` }))
  })
})

describe('FCM rules (after parsing)', () => {
  const notSet = 'Recipient of the message is not set.'
  it.each([['an empty message', { message: {} }], ['an empty body', ''], ['no message', { validate_only: true }]])(
    'answers "Recipient of the message is not set." to %s',
    (_, body) => {
      rejected(body, statusBody(400, 'INVALID_ARGUMENT', notSet, [badRequestOf({ field: 'message', description: notSet }), fcmError('INVALID_ARGUMENT')]))
    },
  )

  it.each(['has space', 'undefined', 'null', '', 'a/b'])('rejects the registration token %j', (token) => {
    rejected({ message: { token } }, statusBody(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', [fcmError('INVALID_ARGUMENT')]))
  })

  it.each([
    ['a topic with a slash', { topic: '/topics/news' }],
    ['an empty topic', { topic: '' }],
    ['a condition with six topics', { condition: "'a' in topics && 'b' in topics && 'c' in topics && 'd' in topics && 'e' in topics && 'f' in topics" }],
    ['a condition with a dangling operator', { condition: "'a' in topics &&" }],
    ['a condition with unbalanced parentheses', { condition: "('a' in topics || 'b' in topics" }],
    ['a malformed fid', { fid: 'not-a-fid' }],
    ['a reserved data key "from"', { token: T, data: { from: 'x' } }],
    ['a reserved data key "message_type"', { token: T, data: { message_type: 'x' } }],
    ['a data key starting with google', { token: T, data: { 'google.x': 'y' } }],
    ['a data key starting with gcm', { token: T, data: { gcm_notification: 'y' } }],
    ['a reserved key in android.data', { token: T, android: { data: { from: 'x' } } }],
    ['a ttl above 28 days', { token: T, android: { ttl: '2419201s' } }],
    ['a negative ttl', { token: T, android: { ttl: '-1s' } }],
    ['a colour not in #rrggbb form', { token: T, android: { notification: { color: '#fff' } } }],
    ['a webpush link that is not https', { token: T, webpush: { fcm_options: { link: 'http://x/' } } }],
    ['a webpush link that is not a URL', { token: T, webpush: { fcmOptions: { link: 'x' } } }],
  ])('answers the generic INVALID_ARGUMENT to %s', (_, message) => {
    rejected({ message }, GENERIC)
  })

  it.each([
    { topic: 'a-Z_0.9~%' },
    { condition: "!('a' in topics) && (\"b\" in topics || 'c' in topics)" },
    { token: T, android: { ttl: '2419200s' } },
    { token: T, android: { ttl: '0.5s', notification: { color: '#FF00aa' } } },
  ])('accepts %j', (message) => accepted({ message }))
})

describe('payload size', () => {
  const tooBig = statusBody(400, 'INVALID_ARGUMENT', 'Android message is too big', [
    badRequestOf({ field: 'message', description: 'Android message is too big' }),
    fcmError('INVALID_ARGUMENT'),
  ])
  // key "k" (1 byte) + value: exactly at the limit, then one byte over.
  const dataOf = (bytes: number) => ({ k: 'x'.repeat(bytes - 1) })

  it('allows 4096 bytes of data + notification to a token, not 4097', () => {
    // notification "title" + "ab" is 7 bytes.
    accepted({ message: { token: T, data: dataOf(4096 - 7), notification: { title: 'ab' } } })
    rejected({ message: { token: T, data: dataOf(4096 - 6), notification: { title: 'ab' } } }, tooBig)
  })

  it('counts UTF-8 bytes, not characters', () => {
    rejected({ message: { token: T, data: { k: 'é'.repeat(2048) } } }, tooBig)
  })

  it('allows 2048 bytes to a topic or condition', () => {
    accepted({ message: { topic: 'news', data: dataOf(2048) } })
    rejected({ message: { topic: 'news', data: dataOf(2049) } }, tooBig)
    rejected({ message: { condition: "'a' in topics", data: dataOf(2049) } }, tooBig)
  })

  it('answers the same to a body past the adapter limit', () => {
    const { fcm } = setup()
    const request = { ...buildRequest({ path: `/v1/projects/${PROJECT}/messages:send`, headers: { authorization: `Bearer ${accessToken(fcm)}` }, body: '{"message":' }), bodyOverflow: true, bodyLength: 1 << 20 }
    const { response } = outcomeOf(fcm.handle(request))
    expect(response.status).toBe(400)
    expect(json(response)).toEqual(tooBig)
  })
})
