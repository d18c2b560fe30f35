import type { Content, PropertyValue } from '../model/entities.ts'

export type RenderResult<T> = { ok: true; value: T } | { ok: false; missing: string[] }

/** `{{name}}` or `{{name|fallback}}`; spaces around the name and the fallback are trimmed; `{{}}` is literal text. */
const PLACEHOLDER = /\{\{\s*([^{}|\s][^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g

/**
 * (interpretation) A property is missing when absent or null; an empty string is a value.
 * Numbers and booleans render as `String(value)`.
 */
function valueOf(properties: Readonly<Record<string, PropertyValue>>, name: string): string | undefined {
  if (!Object.hasOwn(properties, name)) return undefined
  const value = properties[name]
  return value === null || value === undefined ? undefined : String(value)
}

/** Renders one template string; collects the names that have neither a value nor a fallback. */
export function renderTemplate(template: string, properties: Readonly<Record<string, PropertyValue>>): RenderResult<string> {
  const missing: string[] = []
  const value = template.replace(PLACEHOLDER, (_whole, name: string, fallback: string | undefined) => {
    const found = valueOf(properties, name)
    if (found !== undefined) return found
    if (fallback !== undefined) return fallback.trim()
    missing.push(name)
    return ''
  })
  return missing.length === 0 ? { ok: true, value } : { ok: false, missing }
}

/**
 * Personalises every string of the content (push-semantics §9): title, body, deep link, icon, image,
 * action titles and data values. Action ids and data keys are identifiers and stay as written
 * (interpretation). Any missing property without a fallback fails the whole content.
 */
export function renderContent(content: Content, properties: Readonly<Record<string, PropertyValue>>): RenderResult<Content> {
  const missing = new Set<string>()
  const render = (template: string): string => {
    const result = renderTemplate(template, properties)
    if (result.ok) return result.value
    for (const name of result.missing) missing.add(name)
    return ''
  }
  const rendered: Content = { title: render(content.title), body: render(content.body) }
  if (content.deepLink !== undefined) rendered.deepLink = render(content.deepLink)
  if (content.icon !== undefined) rendered.icon = render(content.icon)
  if (content.image !== undefined) rendered.image = render(content.image)
  if (content.actions !== undefined) rendered.actions = content.actions.map(action => ({ id: action.id, title: render(action.title) }))
  if (content.data !== undefined) {
    rendered.data = Object.fromEntries(Object.entries(content.data).map(([key, value]) => [key, render(value)]))
  }
  return missing.size === 0 ? { ok: true, value: rendered } : { ok: false, missing: [...missing].sort() }
}
