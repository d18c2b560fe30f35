import { parseParamHeader } from './param-header.ts'
import type { PushFailure } from './push-failure.ts'

/**
 * Reads the VAPID credentials of a push. Two forms are accepted:
 * RFC 8292 `Authorization: vapid t=<jwt>, k=<key>`, and the draft form
 * web-push sends with aesgcm, `Authorization: WebPush <jwt>` plus
 * `Crypto-Key: p256ecdsa=<key>` (protocols.md §3.2, §3.7). Autopush also
 * takes `Bearer` [src: headers/vapid.rs ALLOWED_SCHEMES]; parsing follows
 * VapidHeader::parse (scheme up to the first space, spaces dropped after).
 */
export interface VapidCredentials {
  token: string
  /** The application server key exactly as sent (validated later). */
  key: string
}

export type AuthReading = { credentials: VapidCredentials | undefined } | { failure: PushFailure }

const ANONYMOUS: AuthReading = { credentials: undefined }

export function readAuthorization(
  authorization: string | undefined,
  cryptoKey: string | undefined,
  allowBearer: boolean,
): AuthReading {
  if (authorization === undefined) return ANONYMOUS
  // GCM-era `key=<server key>`: no space, so autopush reads it as a scheme without a token.
  if (authorization.length > 4 && authorization.slice(0, 4).toLowerCase() === 'key=') return failure('gcm-key')
  const space = authorization.indexOf(' ')
  if (space === -1) return failure('missing-token')
  const scheme = authorization.slice(0, space).toLowerCase()
  const data = authorization.slice(space + 1).replaceAll(' ', '')
  if (scheme === 'vapid') return readVapidParams(data)
  if (scheme === 'webpush' || (allowBearer && scheme === 'bearer')) return readCryptoKey(data, cryptoKey)
  return failure('unknown-scheme')
}

function readVapidParams(data: string): AuthReading {
  let token: string | undefined
  let key: string | undefined
  for (const item of data.split(',')) {
    const eq = item.indexOf('=')
    if (eq === -1) continue
    const name = item.slice(0, eq)
    if (name === 't' && token === undefined) token = item.slice(eq + 1)
    else if (name === 'k' && key === undefined) key = item.slice(eq + 1)
  }
  // Autopush looks for k before t.
  if (key === undefined) return failure('missing-key')
  if (token === undefined) return failure('missing-token')
  return { credentials: { token, key } }
}

// Messages are autopush's (errno 110) [src: extractors/subscription.rs extract_public_key].
function readCryptoKey(token: string, cryptoKey: string | undefined): AuthReading {
  if (cryptoKey === undefined) return failure('crypto-key', 'Missing Crypto-Key header')
  const params = parseParamHeader(cryptoKey)
  if (!params) return failure('crypto-key', 'Invalid Crypto-Key header')
  const key = params.get('p256ecdsa')
  if (key === undefined) return failure('crypto-key', 'Missing p256ecdsa in Crypto-Key header')
  return { credentials: { token, key } }
}

function failure(problem: 'gcm-key' | 'missing-token' | 'missing-key' | 'unknown-scheme' | 'crypto-key', detail?: string): AuthReading {
  return { failure: detail === undefined ? { kind: 'auth', problem } : { kind: 'auth', problem, detail } }
}
