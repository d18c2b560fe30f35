import { describe, expect, it } from 'vitest'
import { apnsFixture, push, rejected, rejectionShape, TOPIC } from './test-support.ts'
import { resolveTopic } from './topics.ts'

describe('APNs apns-topic', () => {
  it('refuses a missing topic with 400 MissingTopic', async () => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { headers: { 'apns-topic': null } }))).toEqual(rejected(400, 'MissingTopic'))
  })

  it('refuses an empty topic with 400 MissingTopic', async () => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { headers: { 'apns-topic': '' } }))).toEqual(rejected(400, 'MissingTopic'))
  })

  it.each(['com.example app', 'com/example', '.com.example', 'com.example.app✓'])('%j → 400 BadTopic', async (topic) => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { headers: { 'apns-topic': topic } }))).toEqual(rejected(400, 'BadTopic'))
  })
})

describe('APNs apns-push-type', () => {
  it.each(['Alert', 'sms', 'voip '])('%j → 400 InvalidPushType', async (pushType) => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { headers: { 'apns-push-type': pushType } })
    expect(rejectionShape(outcome)).toEqual(rejected(400, 'InvalidPushType'))
  })

  it.each([
    ['alert', TOPIC],
    ['background', TOPIC],
    ['complication', `${TOPIC}.complication`],
    ['controls', `${TOPIC}.push-type.controls`],
    ['fileprovider', `${TOPIC}.pushkit.fileprovider`],
    ['liveactivity', `${TOPIC}.push-type.liveactivity`],
    ['location', `${TOPIC}.location-query`],
    ['mdm', 'com.apple.mgmt.External.7d8a2b3c-0e1f-4a5b-9c6d-1e2f3a4b5c6d'],
    ['pushtotalk', `${TOPIC}.voip-ptt`],
    ['voip', `${TOPIC}.voip`],
    ['widgets', `${TOPIC}.push-type.widgets`],
  ])('accepts %s to %s', async (pushType, topic) => {
    const fixture = await apnsFixture()
    const headers = { 'apns-push-type': pushType, 'apns-topic': topic, 'apns-priority': '5' }
    expect(push(fixture, { headers }).response.status).toBe(200)
  })

  it.each([
    ['voip', TOPIC],
    ['complication', TOPIC],
    ['liveactivity', `${TOPIC}.voip`],
    ['pushtotalk', `${TOPIC}.voip`],
    ['voip', '.voip'],
  ])('refuses %s to %s with 400 BadTopic', async (pushType, topic) => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { headers: { 'apns-push-type': pushType, 'apns-topic': topic } })
    expect(rejectionShape(outcome)).toEqual(rejected(400, 'BadTopic'))
  })
})

describe('resolveTopic', () => {
  it('derives the bundle id from the suffix of the push type', () => {
    expect(resolveTopic('liveactivity', `${TOPIC}.push-type.liveactivity`)).toEqual({
      ok: true,
      pushType: 'liveactivity',
      bundleId: TOPIC,
    })
  })

  it('infers the push type from the topic when the header is absent', () => {
    expect(resolveTopic(undefined, `${TOPIC}.voip`)).toEqual({ ok: true, pushType: 'voip', bundleId: TOPIC })
    expect(resolveTopic(undefined, `${TOPIC}.voip-ptt`)).toEqual({ ok: true, pushType: 'pushtotalk', bundleId: TOPIC })
    expect(resolveTopic(undefined, TOPIC)).toEqual({ ok: true, pushType: 'alert', bundleId: TOPIC })
  })
})

describe('APNs key topics', () => {
  it('refuses a bundle id the key does not cover with 400 TopicDisallowed', async () => {
    const fixture = await apnsFixture({}, { topics: ['com.example.other'] })
    expect(rejectionShape(push(fixture))).toEqual(rejected(400, 'TopicDisallowed'))
  })

  it('accepts every push type of a covered bundle id', async () => {
    const fixture = await apnsFixture({}, { topics: ['com.example.other', TOPIC] })
    expect(push(fixture).response.status).toBe(200)
    const voip = { 'apns-push-type': 'voip', 'apns-topic': `${TOPIC}.voip` }
    expect(push(fixture, { headers: voip }).response.status).toBe(200)
  })
})
