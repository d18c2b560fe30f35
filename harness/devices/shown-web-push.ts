/**
 * What a web push notification shows, from its decrypted plaintext, for the
 * device's ledger line (the oracle's rules.personalisation reads it: the
 * body is encrypted on the wire). A browser shows what the site's service
 * worker draws, so this reads the two common forms only: `title` and `body`
 * at the top level, or under `notification` (Declarative Web Push). Only
 * the visible text is kept: never the keys, nor the tracking token.
 */
export interface ShownText {
  title: string
  body: string
}

export function shownOfWebPush(plaintext: string): ShownText | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(plaintext)
  } catch {
    return undefined
  }
  const top = recordOr(parsed)
  const source = typeof top?.title === 'string' ? top : recordOr(top?.notification)
  if (typeof source?.title !== 'string') return undefined
  return { title: source.title, body: typeof source.body === 'string' ? source.body : '' }
}

const recordOr = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined)
