import type { CatalogueEntry, ErrorClass, SenderAction, WireSpec, WireTarget } from '../types.ts'

/** Every wire target, in the order listings and JSON use. */
export const WIRE_TARGETS: readonly WireTarget[] = ['apns', 'fcm', 'chrome', 'firefox', 'kaios', 'safari']

/**
 * push-semantics.md §4: the class decides what a correct sender does, so
 * action and retry are derived here rather than typed per entry (they can
 * never disagree with the class).
 */
const ACTIONS: Readonly<Record<ErrorClass, readonly [SenderAction, boolean]>> = {
  transient: ['retry', true],
  credentials: ['refresh-credential-and-retry', true],
  configuration: ['fail', false],
  'bad-message': ['fail', false],
  'dead-address': ['bounce', false],
}

/** `dashboard` defaults to the entry's own name, which only dashboard and non-provider entries may use. */
export type EntryInput = Omit<CatalogueEntry, 'action' | 'retry' | 'aliases' | 'dashboard'> & { aliases?: readonly string[]; dashboard?: string }

/** One entry with a fixed key order (and wire targets in WIRE_TARGETS order), so the catalogue's JSON is stable. */
export function define(input: EntryInput): CatalogueEntry {
  const [action, retry] = ACTIONS[input.class]
  if (input.kind === 'provider' && input.dashboard === undefined) throw new Error(`catalogue entry ${input.name}: a provider entry names its dashboard code`)
  const wire: Partial<Record<WireTarget, WireSpec>> = {}
  for (const target of WIRE_TARGETS) {
    const spec = input.wire[target]
    if (spec !== undefined) wire[target] = spec
  }
  const entry: CatalogueEntry = {
    name: input.name,
    aliases: input.aliases ?? [],
    kind: input.kind,
    provider: input.provider,
    dashboard: input.dashboard ?? input.name,
    label: input.label,
    class: input.class,
    action,
    retry,
    wire,
    basis: input.basis,
  }
  if (input.note !== undefined) entry.note = input.note
  return entry
}

/** A dashboard code of push-semantics §3. */
export const dashboard = (input: Omit<EntryInput, 'kind' | 'dashboard'>): CatalogueEntry => define({ ...input, kind: 'dashboard' })
