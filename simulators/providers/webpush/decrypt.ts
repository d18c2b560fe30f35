import { createDecipheriv, createECDH, createHmac } from 'node:crypto'
import { decodeBase64Url } from './base64url.ts'
import type { UserAgentKeys } from './subscription-record.ts'

/**
 * What the user agent does on receipt: RFC 8291 `aes128gcm` and the
 * draft-04 `aesgcm` it replaced. Runs off the hot path (the ledger asks
 * lazily). Returns the plaintext, or the reason decryption failed.
 */
export type Decrypted = { plaintext: Buffer } | { error: string }

const HEADER_LENGTH = 86
const TAG_LENGTH = 16

const hmac = (key: Buffer, ...data: Buffer[]): Buffer => {
  const mac = createHmac('sha256', key)
  for (const part of data) mac.update(part)
  return mac.digest()
}

const ONE = Buffer.from([1])
const text = (value: string): Buffer => Buffer.from(value, 'latin1')

function ecdhSecret(keys: UserAgentKeys, senderPublicKey: Buffer): Buffer | undefined {
  try {
    const ecdh = createECDH('prime256v1')
    ecdh.setPrivateKey(keys.privateKey)
    return ecdh.computeSecret(senderPublicKey)
  } catch {
    return undefined
  }
}

function openRecord(key: Buffer, nonce: Buffer, record: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-128-gcm', key, nonce)
    decipher.setAuthTag(record.subarray(record.length - TAG_LENGTH))
    return Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_LENGTH)), decipher.final()])
  } catch {
    return undefined
  }
}

/** RFC 8291 §3.4 key schedule, single record, 0x02 delimiter (RFC 8188 §2). */
export function decryptAes128gcm(keys: UserAgentKeys, body: Buffer): Decrypted {
  if (body.length < HEADER_LENGTH + TAG_LENGTH + 1) return { error: 'body is shorter than header plus one record' }
  const salt = body.subarray(0, 16)
  const recordSize = body.readUInt32BE(16)
  if (body[20] !== 65) return { error: 'keyid is not a 65-byte public key' }
  const senderPublicKey = body.subarray(21, HEADER_LENGTH)
  const record = body.subarray(HEADER_LENGTH)
  if (record.length > recordSize) return { error: 'more than one record' }
  const secret = ecdhSecret(keys, senderPublicKey)
  if (!secret) return { error: 'keyid is not a P-256 point' }
  const prkKey = hmac(keys.authSecret, secret)
  const keyInfo = Buffer.concat([text('WebPush: info\0'), keys.publicKey, senderPublicKey])
  const ikm = hmac(prkKey, keyInfo, ONE)
  const prk = hmac(salt, ikm)
  const cek = hmac(prk, text('Content-Encoding: aes128gcm\0'), ONE).subarray(0, 16)
  const nonce = hmac(prk, text('Content-Encoding: nonce\0'), ONE).subarray(0, 12)
  const padded = openRecord(cek, nonce, record)
  if (!padded) return { error: 'authentication tag mismatch (wrong keys or corrupted body)' }
  let end = padded.length - 1
  while (end >= 0 && padded[end] === 0) end--
  if (end < 0 || padded[end] !== 2) return { error: 'last record must end with the 0x02 delimiter' }
  return { plaintext: padded.subarray(0, end) }
}

/** draft-ietf-webpush-encryption-04: salt and sender key in headers, 2-byte padding prefix. */
export function decryptAesgcm(keys: UserAgentKeys, body: Buffer, saltText: string, dhText: string, recordSize = 4096): Decrypted {
  const salt = decodeBase64Url(saltText)
  const senderPublicKey = decodeBase64Url(dhText)
  if (salt?.length !== 16) return { error: 'salt must be 16 bytes' }
  if (senderPublicKey?.length !== 65) return { error: 'dh must be a 65-byte public key' }
  const secret = ecdhSecret(keys, senderPublicKey)
  if (!secret) return { error: 'dh is not a P-256 point' }
  const ikm = hmac(hmac(keys.authSecret, secret), text('Content-Encoding: auth\0'), ONE)
  const context = Buffer.concat([text('P-256\0'), lengthPrefixed(keys.publicKey), lengthPrefixed(senderPublicKey)])
  const prk = hmac(salt, ikm)
  const key = hmac(prk, text('Content-Encoding: aesgcm\0'), context, ONE).subarray(0, 16)
  const baseNonce = hmac(prk, text('Content-Encoding: nonce\0'), context, ONE).subarray(0, 12)
  const chunk = recordSize + TAG_LENGTH
  const parts: Buffer[] = []
  for (let start = 0, index = 0; start < body.length; start += chunk, index++) {
    const end = Math.min(start + chunk, body.length)
    // A full final record means the sender cut the message short (http_ece).
    if (end - start === chunk && end === body.length) return { error: 'truncated payload' }
    if (end - start <= TAG_LENGTH) return { error: 'record too small' }
    const data = openRecord(key, recordNonce(baseNonce, index), body.subarray(start, end))
    if (!data) return { error: 'authentication tag mismatch (wrong keys or corrupted body)' }
    if (data.length < 2) return { error: 'invalid padding' }
    const padLength = data.readUInt16BE(0)
    if (padLength + 2 > data.length || data.subarray(2, 2 + padLength).some((byte) => byte !== 0)) {
      return { error: 'invalid padding' }
    }
    parts.push(data.subarray(2 + padLength))
  }
  return { plaintext: Buffer.concat(parts) }
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const prefix = Buffer.alloc(2)
  prefix.writeUInt16BE(bytes.length)
  return Buffer.concat([prefix, bytes])
}

/** The record sequence number is XORed into the last 6 bytes of the nonce (RFC 8188 §2.3). */
function recordNonce(base: Buffer, index: number): Buffer {
  if (index === 0) return base
  const nonce = Buffer.from(base)
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ index) >>> 0, 8)
  return nonce
}
