import { describe, expect, it } from 'vitest'
import { apnsFixture, payloadOfSize, push, pushRequest, rejected, rejectionShape, TOPIC } from './test-support.ts'

const VOIP = { 'apns-push-type': 'voip', 'apns-topic': `${TOPIC}.voip` }

describe('APNs payload size', () => {
  it('refuses an empty body with 400 PayloadEmpty', async () => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { body: '' }))).toEqual(rejected(400, 'PayloadEmpty'))
  })

  it('accepts 4096 bytes', async () => {
    const fixture = await apnsFixture()
    expect(push(fixture, { body: payloadOfSize(4096) }).response.status).toBe(200)
  })

  it('refuses 4097 bytes with 413 PayloadTooLarge', async () => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { body: payloadOfSize(4097) }))).toEqual(rejected(413, 'PayloadTooLarge'))
  })

  it('allows 5120 bytes for VoIP', async () => {
    const fixture = await apnsFixture()
    expect(push(fixture, { headers: VOIP, body: payloadOfSize(5120) }).response.status).toBe(200)
    const outcome = push(fixture, { headers: VOIP, body: payloadOfSize(5121) })
    expect(rejectionShape(outcome)).toEqual(rejected(413, 'PayloadTooLarge'))
  })

  it('applies the VoIP limit to an inferred voip push', async () => {
    const fixture = await apnsFixture()
    const headers = { 'apns-push-type': null, 'apns-topic': `${TOPIC}.voip` }
    expect(push(fixture, { headers, body: payloadOfSize(5000) }).response.status).toBe(200)
  })

  it('measures bodyLength, not the bytes the adapter kept', async () => {
    const fixture = await apnsFixture()
    const request = { ...pushRequest(fixture, { body: '{"aps":{}}' }), bodyOverflow: true, bodyLength: 1_000_000 }
    expect(rejectionShape(fixture.core.handle(request))).toEqual(rejected(413, 'PayloadTooLarge'))
  })

  it('skips the JSON check for an overflowed body within the limit', async () => {
    const fixture = await apnsFixture()
    const request = { ...pushRequest(fixture, { body: '{"aps":{"al' }), bodyOverflow: true, bodyLength: 3000 }
    expect(fixture.core.handle(request).response.status).toBe(200)
  })
})

describe('APNs payload shape', () => {
  it.each([
    ['plain text', 'hello'],
    ['a JSON array', '[{"aps":{}}]'],
    ['a JSON string', '"aps"'],
    ['null', 'null'],
    ['whitespace', '   \n'],
    ['truncated JSON', '{"aps":{"alert":"hi"}'],
    ['binary', Buffer.from([0x00, 0xff, 0x10, 0x80])],
  ])('refuses %s with 400 PayloadEmpty', async (_, body) => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { body }))).toEqual(rejected(400, 'PayloadEmpty'))
  })

  it.each([
    ['an object with leading whitespace', ' \n{"aps":{}}'],
    ['an object without aps', '{"custom":1}'],
    ['an empty object', '{}'],
  ])('accepts %s', async (_, body) => {
    const fixture = await apnsFixture()
    expect(push(fixture, { body }).response.status).toBe(200)
  })
})
