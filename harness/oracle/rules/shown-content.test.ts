/** What a kept APNs or FCM request body shows, and the oracle's own template rendering. */
import { describe, expect, it } from 'vitest'
import { renderShown, renderTemplate } from './render-template.ts'
import { shownOf } from './shown-content.ts'

const kept = (json: unknown, cut = 0) => {
  const body = JSON.stringify(json)
  return { body: body.slice(0, body.length - cut), bodyEncoding: 'utf8', bodyLength: Buffer.byteLength(body) }
}

describe('shownOf', () => {
  it('reads APNs aps.alert as an object or as a body string', () => {
    expect(shownOf('apns', kept({ aps: { alert: { title: 'Ada, hi', body: 'Sale' } }, pushsim: { id: 'd' } }))).toEqual({ title: 'Ada, hi', body: 'Sale' })
    expect(shownOf('apns', kept({ aps: { alert: 'Sale' } }))).toEqual({ title: '', body: 'Sale' })
    expect(shownOf('apns', kept({ aps: { 'content-available': 1 } }))).toEqual({ title: '', body: '' })
  })
  it('reads FCM v1 and legacy notifications, Android’s own over the common one', () => {
    expect(shownOf('fcm', kept({ message: { token: 't', notification: { title: 'Ada, hi', body: '' } } }))).toEqual({ title: 'Ada, hi', body: '' })
    expect(shownOf('fcm', kept({ message: { notification: { title: 'common', body: 'b' }, android: { notification: { title: 'android' } } } }))).toEqual({ title: 'android', body: 'b' })
    expect(shownOf('fcm', kept({ to: 't', notification: { title: 'legacy' } }))).toEqual({ title: 'legacy', body: '' })
  })
  it('reads nothing from a body kept only in part, a binary one, or web push', () => {
    expect(shownOf('apns', kept({ aps: { alert: { title: 'x' } } }, 3))).toBeUndefined()
    expect(shownOf('apns', { body: 'AAEC', bodyEncoding: 'base64', bodyLength: 3 })).toBeUndefined()
    expect(shownOf('webpush', kept({ title: 'x' }))).toBeUndefined()
  })
})

describe('renderTemplate', () => {
  it('takes the person’s value, else the fallback (trimmed); a missing value without one does not render', () => {
    expect(renderTemplate('{{firstName|there}}, hi', { firstName: 'Ada' })).toBe('Ada, hi')
    expect(renderTemplate('{{ firstName | there }}, hi', {})).toBe('there, hi')
    expect(renderTemplate('Hi {{firstName}} from {{city|home}}', { firstName: 'Ada' })).toBe('Hi Ada from home')
    expect(renderTemplate('{{firstName}}, hi', {})).toBeUndefined()
    expect(renderShown({ title: 'Hi {{firstName|you}}' }, {})).toEqual({ title: 'Hi you', body: '' })
  })
})
