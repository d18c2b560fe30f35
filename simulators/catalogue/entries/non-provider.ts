/**
 * Failures that stop a delivery before any provider sees it (push-semantics
 * §3, last bullet). They have no wire form: a fault naming one is refused
 * by the dispatcher, never answered by a simulator.
 */
import type { CatalogueEntry } from '../types.ts'
import { define, type EntryInput } from './define.ts'

type Input = Pick<EntryInput, 'name' | 'label' | 'class' | 'note'>

const nonProvider = (input: Input): CatalogueEntry =>
  define({ ...input, kind: 'non-provider', provider: null, wire: {}, basis: 'interp' })

// Suppressed deliveries (§5) have no class of their own; they are listed under the class whose action (fail, no retry, no device marked) they share.
export const NON_PROVIDER_ENTRIES: readonly CatalogueEntry[] = [
  nonProvider({
    name: 'missing_template_variable',
    label: 'A template variable is missing',
    class: 'bad-message',
    note: 'Mobile vendor failure reason; push-semantics §4 classes it as a bad message.',
  }),
  nonProvider({
    name: 'person_not_found',
    label: 'The person does not exist',
    class: 'bad-message',
    note: 'Mobile vendor failure reason; the message addresses nobody, so it fails without retry [interp].',
  }),
  nonProvider({
    name: 'person_unsubscribed',
    label: 'The person is unsubscribed',
    class: 'configuration',
    note: 'Mobile vendor failure reason; the delivery is suppressed (§5), not bounced: no device is marked [interp].',
  }),
  nonProvider({
    name: 'credentials_not_found',
    label: 'Credentials not found',
    class: 'configuration',
    note: 'Mobile vendor failure reason; push-semantics §4 classes it as configuration.',
  }),
  nonProvider({
    name: 'frequency_exceeded',
    label: 'Frequency exceeded',
    class: 'configuration',
    note: 'Web push vendor: a campaign frequency cap stopped the send; the delivery is suppressed (§5) [interp].',
  }),
]
