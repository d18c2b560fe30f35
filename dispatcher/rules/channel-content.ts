import type { Channel } from '../model/channel.ts'
import type { Content } from '../model/entities.ts'

/**
 * What is sent to one channel. Safari shows no custom icons, images or action buttons
 * (push-semantics §9), so they are not sent to it; every other channel gets the content as rendered.
 */
export function contentForChannel(content: Content, channel: Channel): Content {
  if (channel !== 'webpush-safari') return { ...content }
  const { icon: _icon, image: _image, actions: _actions, ...shown } = content
  return shown
}

/** Safari renders nothing without a deep link (§9); an empty or blank link counts as none (interpretation). */
export function hasDeepLink(content: Content): boolean {
  return content.deepLink !== undefined && content.deepLink.trim() !== ''
}
