/**
 * Reads a list the dispatcher reports on a campaign (its deliveries, its
 * messages) a page at a time when it announces `paged-reads`, so neither
 * side holds 100,000 entries at once; a dispatcher without the paged form
 * answers the whole list in one, as the contract first had it.
 */
import type { ContractError, ContractResult, ListPage } from '../contract/client.ts'

/** Entries per page: ~2 MB of JSON for deliveries, well under the dispatcher's largest page. */
export const PAGE_SIZE = 5_000

export interface ListReads {
  whole(): Promise<ContractResult<unknown[]>>
  page(limit: number, after?: string): Promise<ContractResult<ListPage>>
}

/** Hands each page's entries to `each` in order; an error (the list is then incomplete) comes back as a value. */
export async function readList(reads: ListReads, paged: boolean, each: (entries: readonly unknown[]) => void): Promise<ContractError | undefined> {
  if (!paged) {
    const answer = await reads.whole()
    if (!answer.ok) return answer.error
    if (!Array.isArray(answer.value)) return { code: 'BAD_ANSWER', message: 'the list is not a JSON array' }
    each(answer.value)
    return undefined
  }
  let after: string | undefined
  for (;;) {
    const answer = await reads.page(PAGE_SIZE, after)
    if (!answer.ok) return answer.error
    const { items, next } = answer.value ?? {}
    if (!Array.isArray(items) || (next !== null && typeof next !== 'string')) return { code: 'BAD_ANSWER', message: 'a page is not {items: [...], next}' }
    each(items)
    if (next === null || items.length === 0) return undefined
    after = next
  }
}
