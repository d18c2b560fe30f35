/** What a decrypted web push notification shows, for the device's ledger line. */
import { describe, expect, it } from 'vitest'
import { shownOfWebPush } from './shown-web-push.ts'

describe('shownOfWebPush', () => {
  it('reads title and body at the top level or under notification, and nothing else of the payload', () => {
    expect(shownOfWebPush(JSON.stringify({ title: 'Ada, hi', body: 'Sale', url: 'https://x.example/', pushsim: { id: 'd', token: 't' } }))).toEqual({ title: 'Ada, hi', body: 'Sale' })
    expect(shownOfWebPush(JSON.stringify({ web_push: 8030, notification: { title: 'Hi', navigate: 'https://x.example/' } }))).toEqual({ title: 'Hi', body: '' })
  })
  it('reads nothing from a payload with neither form, or not JSON', () => {
    expect(shownOfWebPush(JSON.stringify({ data: { title: 'x' }, pushsim: { id: 'd', token: 't' } }))).toBeUndefined()
    expect(shownOfWebPush('not json')).toBeUndefined()
  })
})
