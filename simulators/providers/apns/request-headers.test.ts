import { describe, expect, it } from 'vitest'
import { apnsFixture, push, pushRequest, rejected, rejectionShape } from './test-support.ts'

describe('APNs :method and :path', () => {
  it.each(['GET', 'PUT', 'DELETE', 'post'])('%s → 405 MethodNotAllowed', async (method) => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { method }))).toEqual(rejected(405, 'MethodNotAllowed'))
  })

  it.each(['/', '/3/devices/abc', '/2/device/abc', '/3/device/abc/extra', '/3/device/abc/'])(
    '%s → 404 BadPath',
    async (path) => {
      const fixture = await apnsFixture()
      expect(rejectionShape(push(fixture, { path }))).toEqual(rejected(404, 'BadPath'))
    },
  )

  it.each(['/3/device/', '/3/device', '/3/device/?x=1'])('%s → 400 MissingDeviceToken', async (path) => {
    const fixture = await apnsFixture()
    expect(rejectionShape(push(fixture, { path }))).toEqual(rejected(400, 'MissingDeviceToken'))
  })

  it('ignores the query string', async () => {
    const fixture = await apnsFixture()
    const path = `/3/device/${'ab'.repeat(32)}?debug=1`
    expect(push(fixture, { path }).response.status).toBe(200)
  })
})

describe('APNs duplicate headers', () => {
  it('refuses a repeated header with 400 DuplicateHeaders', async () => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { headers: { 'apns-topic': ['com.example.app', 'com.example.app'] } })
    expect(rejectionShape(outcome)).toEqual(rejected(400, 'DuplicateHeaders'))
  })

  it('compares raw header names case-insensitively', async () => {
    const fixture = await apnsFixture()
    const request = { ...pushRequest(fixture), rawHeaders: ['apns-priority', '10', 'APNS-Priority', '10'] }
    expect(rejectionShape(fixture.core.handle(request))).toEqual(rejected(400, 'DuplicateHeaders'))
  })
})

describe('APNs apns-id', () => {
  it.each(['not-a-uuid', '123e4567e89b12d3a4564266554400a0', '{123e4567-e89b-12d3-a456-4266554400a0}', ''])(
    '%j → 400 BadMessageId with a generated apns-id',
    async (id) => {
      const fixture = await apnsFixture()
      const outcome = push(fixture, { headers: { 'apns-id': id } })
      expect(rejectionShape(outcome)).toEqual(rejected(400, 'BadMessageId'))
      expect(outcome.response.headers['apns-id']).not.toBe(id)
    },
  )
})

describe('APNs apns-priority', () => {
  it.each(['10', '5', '1'])('accepts %s for alerts', async (priority) => {
    const fixture = await apnsFixture()
    expect(push(fixture, { headers: { 'apns-priority': priority } }).response.status).toBe(200)
  })

  it.each(['0', '2', '11', 'high', '', '05'])('%j → 400 BadPriority', async (priority) => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { headers: { 'apns-priority': priority } })
    expect(rejectionShape(outcome)).toEqual(rejected(400, 'BadPriority'))
  })

  it('refuses priority 10 for background pushes', async () => {
    const fixture = await apnsFixture()
    const headers = { 'apns-push-type': 'background', 'apns-priority': '10' }
    expect(rejectionShape(push(fixture, { headers }))).toEqual(rejected(400, 'BadPriority'))
  })

  it('accepts background pushes with priority 5 or without the header', async () => {
    const fixture = await apnsFixture()
    const background = { 'apns-push-type': 'background' }
    expect(push(fixture, { headers: { ...background, 'apns-priority': '5' } }).response.status).toBe(200)
    expect(push(fixture, { headers: background }).response.status).toBe(200)
  })
})

describe('APNs apns-expiration', () => {
  it.each(['0', '1767225600', '4102444800'])('accepts %s', async (expiration) => {
    const fixture = await apnsFixture()
    expect(push(fixture, { headers: { 'apns-expiration': expiration } }).response.status).toBe(200)
  })

  it.each(['-1', '1.5', 'tomorrow', '', ' 1', '1e9', '99999999999999999999'])('%j → 400 BadExpirationDate', async (expiration) => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { headers: { 'apns-expiration': expiration } })
    expect(rejectionShape(outcome)).toEqual(rejected(400, 'BadExpirationDate'))
  })
})

describe('APNs apns-collapse-id', () => {
  it('accepts 64 bytes', async () => {
    const fixture = await apnsFixture()
    expect(push(fixture, { headers: { 'apns-collapse-id': 'c'.repeat(64) } }).response.status).toBe(200)
  })

  it('refuses 65 bytes with 400 BadCollapseId', async () => {
    const fixture = await apnsFixture()
    const outcome = push(fixture, { headers: { 'apns-collapse-id': 'c'.repeat(65) } })
    expect(rejectionShape(outcome)).toEqual(rejected(400, 'BadCollapseId'))
  })

  it('counts bytes, not characters', async () => {
    const fixture = await apnsFixture()
    // 22 three-byte characters: 22 characters but 66 bytes.
    const outcome = push(fixture, { headers: { 'apns-collapse-id': '€'.repeat(22) } })
    expect(rejectionShape(outcome)).toEqual(rejected(400, 'BadCollapseId'))
  })
})
