/**
 * FCM topic conditions: `'a' in topics && ('b' in topics || !('c' in topics))`,
 * at most five topics [doc]. Returns whether the expression is well formed.
 * Quote style and the `!` operator follow the FCM docs; Google's exact
 * grammar is unpublished [interp].
 */
const TOKEN = /\s*(?:(&&|\|\||!|\(|\))|'([a-zA-Z0-9-_.~%]+)'\s+in\s+topics\b|"([a-zA-Z0-9-_.~%]+)"\s+in\s+topics\b)/y
export const MAX_CONDITION_TOPICS = 5

type Token = { op: string } | { topic: string }

export function isValidCondition(condition: string): boolean {
  const tokens = tokenize(condition)
  if (!tokens) return false
  const topics = tokens.filter((t) => 'topic' in t).length
  if (topics === 0 || topics > MAX_CONDITION_TOPICS) return false
  let position = 0
  const peek = (): string | undefined => {
    const t = tokens[position]
    return t && 'op' in t ? t.op : undefined
  }
  // expr := unary (('&&' | '||') unary)* ; unary := '!' unary | '(' expr ')' | topic
  const unary = (): boolean => {
    const t = tokens[position]
    if (!t) return false
    position++
    if ('topic' in t) return true
    if (t.op === '!') return unary()
    if (t.op !== '(' || !expr()) return false
    return peek() === ')' && ++position > 0
  }
  const expr = (): boolean => {
    if (!unary()) return false
    while (peek() === '&&' || peek() === '||') {
      position++
      if (!unary()) return false
    }
    return true
  }
  return expr() && position === tokens.length
}

function tokenize(condition: string): Token[] | null {
  const text = condition.trim()
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text)
    if (!match) return null
    if (match[1] !== undefined) tokens.push({ op: match[1] })
    else tokens.push({ topic: match[2] ?? match[3] ?? '' })
  }
  return tokens
}
