import { describe, expect, it } from 'vitest'
import type { Content } from '../model/entities.ts'
import { contentForChannel, hasDeepLink } from './channel-content.ts'

const full: Content = {
  title: 'T', body: 'B', deepLink: 'https://x.example/p', icon: 'https://x.example/i.png',
  image: 'https://x.example/m.jpg', actions: [{ id: 'a', title: 'Open' }], data: { k: 'v' },
}

describe('contentForChannel', () => {
  it('strips icon, image and actions for Safari and keeps the rest', () => {
    expect(contentForChannel(full, 'webpush-safari')).toEqual({ title: 'T', body: 'B', deepLink: 'https://x.example/p', data: { k: 'v' } })
  })

  it('sends everything to the other channels', () => {
    for (const channel of ['apns', 'fcm', 'webpush-chrome', 'webpush-firefox', 'webpush-kaios'] as const) {
      expect(contentForChannel(full, channel)).toEqual(full)
    }
  })
})

describe('hasDeepLink', () => {
  it('needs a non-blank link', () => {
    expect(hasDeepLink(full)).toBe(true)
    expect(hasDeepLink({ title: 'T', body: 'B' })).toBe(false)
    expect(hasDeepLink({ title: 'T', body: 'B', deepLink: '  ' })).toBe(false)
  })
})
