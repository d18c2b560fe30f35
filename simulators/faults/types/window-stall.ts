import { numberAttribute, UINT31, withOptional } from '../plan/attribute-readers.ts'
import { number } from '../plan/shorthand-parts.ts'
import { connectionFault } from './define.ts'

/** RFC 9113 §6.9.2: the initial flow-control window. */
const DEFAULT_WINDOW = 65_535

export interface WindowStallAttributes {
  /** SETTINGS_INITIAL_WINDOW_SIZE to advertise (default 65535); no WINDOW_UPDATE ever follows. */
  window?: number
}

export const windowStall = connectionFault<'window-stall', WindowStallAttributes>({
  name: 'window-stall',
  summary: "HTTP/2 flow-control stall: the client's DATA stops once the window is spent",
  scope: 'connection',
  attributeKeys: ['window'],
  decode(c) {
    const window = numberAttribute(c, 'window', UINT31, false)
    return withOptional({}, { window })
  },
  shorthand: { value: { parse: number('attributes.window') }, example: 'fcm:window-stall=16' },
  contribute: ({ attributes }, behaviour) => {
    // Of two stalls, the smaller window stalls first.
    const window = attributes.window ?? DEFAULT_WINDOW
    behaviour.http2.stallWindow = Math.min(window, behaviour.http2.stallWindow ?? window)
  },
})
