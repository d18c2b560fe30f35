/**
 * The oracle's own rendering of a scenario template (§9 "Personalisation"):
 * `{{property}}` is the person's value; `{{property|fallback}}` the
 * fallback when the person lacks the property. Written here rather than
 * shared with any dispatcher's renderer, since that is what it judges.
 * Names and fallbacks are trimmed, as the scenario format reads them.
 */
import type { ShownContent } from './shown-content.ts'

const PLACEHOLDER = /\{\{\s*([^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g

/** The text as the person should see it; undefined when a property without a fallback is missing (the message must fail instead). */
export function renderTemplate(text: string, properties: Readonly<Partial<Record<string, string>>>): string | undefined {
  let missing = false
  const rendered = text.replace(PLACEHOLDER, (_whole, name: string, fallback: string | undefined) => {
    const value = properties[name]
    if (value !== undefined) return value
    if (fallback !== undefined) return fallback.trim()
    missing = true
    return ''
  })
  return missing ? undefined : rendered
}

/** Title and body as the person should see them (an absent body is empty); undefined when either cannot render. */
export function renderShown(template: { title: string; body?: string }, properties: Readonly<Partial<Record<string, string>>>): ShownContent | undefined {
  const title = renderTemplate(template.title, properties)
  const body = renderTemplate(template.body ?? '', properties)
  return title === undefined || body === undefined ? undefined : { title, body }
}
