/**
 * `--only PATTERN` over case ids: a glob when it has a `*` (`retry.*`,
 * `*.webpush-safari`), a substring otherwise (`dead-address`).
 */
export function casePattern(pattern: string): (id: string) => boolean {
  if (!pattern.includes('*')) return (id) => id.includes(pattern)
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  return (id) => regex.test(id)
}
