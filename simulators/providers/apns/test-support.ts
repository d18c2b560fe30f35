/**
 * Fixtures for the APNs unit tests: jose-made ES256 keys, signed provider
 * tokens and requests that pass every rule unless a test overrides a part.
 */
import { KeyObject, sign } from 'node:crypto'
import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from 'jose'
import { manualClock, type ManualClock } from '../../kernel/clock.ts'
import type { ConnectionInfo, Outcome, SimRequest } from '../../kernel/exchange.ts'
import { buildRequest, newConnection } from '../../kernel/request.ts'
import { createRng } from '../../kernel/rng.ts'
import { createApnsCore } from './core.ts'
import type { ApnsCore, ApnsKeyInput, ApnsOptions } from './types.ts'

export const TEAM_ID = 'TEAM123456'
export const KEY_ID = 'KEY1234567'
export const TOPIC = 'com.example.app'
export const DEVICE_TOKEN = '740f4707bebcf74f9b7c25d48e3358945f6aa01da5ddb387462c7eaf61bb78ad'
export const SANDBOX_HOST = 'api.sandbox.push.apple.com'
export const PRODUCTION_HOST = 'api.push.apple.com'
export const ALERT_BODY = '{"aps":{"alert":"Hello"}}'
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey']

export interface TestKey {
  privateKey: PrivateKey
  pkcs8: string
  spki: string
}

export async function makeKey(): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  return { privateKey, pkcs8: await exportPKCS8(privateKey), spki: await exportSPKI(publicKey) }
}

export interface TokenClaims {
  kid?: string
  iss?: string
  /** Epoch seconds. */
  iat: number
}

export function signToken(key: TestKey, claims: TokenClaims): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: claims.kid ?? KEY_ID })
    .setIssuer(claims.iss ?? TEAM_ID)
    .setIssuedAt(claims.iat)
    .sign(key.privateKey)
}

/** A JWT with any header and claims, ES256-signed: for tokens jose refuses to make. */
export function craftToken(key: TestKey, header: object, claims: object): string {
  const input = `${base64url(header)}.${base64url(claims)}`
  const signature = sign('sha256', Buffer.from(input), {
    key: KeyObject.from(key.privateKey),
    dsaEncoding: 'ieee-p1363',
  })
  return `${input}.${signature.toString('base64url')}`
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

export const secondsOf = (clock: ManualClock): number => Math.floor(clock.now() / 1000)

export interface Fixture {
  core: ApnsCore
  clock: ManualClock
  key: TestKey
  /** A provider token for KEY_ID / TEAM_ID issued at the fixture's start. */
  jwt: string
}

let sharedKey: Promise<TestKey> | undefined
/** Key generation is the slow part; one key serves every test that needs just one. */
export const testKey = (): Promise<TestKey> => (sharedKey ??= makeKey())

export async function apnsFixture(
  options: Partial<Omit<ApnsOptions, 'clock' | 'rng'>> = {},
  keyInput: Partial<ApnsKeyInput> = {},
): Promise<Fixture> {
  const clock = manualClock()
  const core = createApnsCore({ clock, rng: createRng('test'), ...options })
  const key = await testKey()
  const registered = core.registerKey({ keyId: KEY_ID, teamId: TEAM_ID, key: key.pkcs8, ...keyInput })
  if (!registered.ok) throw new Error(registered.error.message)
  return { core, clock, key, jwt: await signToken(key, { iat: secondsOf(clock) }) }
}

export interface PushInit {
  jwt?: string | null
  token?: string
  method?: string
  path?: string
  authority?: string
  /** Merged over the default headers; `null` removes one. */
  headers?: Record<string, string | string[] | null>
  body?: string | Buffer
  connection?: ConnectionInfo
}

/** A request that every rule accepts, with the parts `init` overrides. */
export function pushRequest(fixture: Pick<Fixture, 'jwt'>, init: PushInit = {}): SimRequest {
  const jwt = init.jwt === undefined ? fixture.jwt : init.jwt
  const merged: Record<string, string | string[] | null> = {
    'apns-topic': TOPIC,
    'apns-push-type': 'alert',
    ...(jwt === null ? {} : { authorization: `bearer ${jwt}` }),
    ...init.headers,
  }
  const headers = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null)) as Record<
    string,
    string | string[]
  >
  return buildRequest({
    method: init.method ?? 'POST',
    path: init.path ?? `/3/device/${init.token ?? DEVICE_TOKEN}`,
    authority: init.authority ?? SANDBOX_HOST,
    headers,
    body: init.body ?? ALERT_BODY,
    connection: init.connection ?? newConnection('h2', true),
  })
}

export const push = (fixture: Fixture, init: PushInit = {}): Outcome => fixture.core.handle(pushRequest(fixture, init))

export const bodyJson = (outcome: Outcome): unknown => JSON.parse(String(outcome.response.body))

/** The status, headers, body and note an APNs error must carry. */
export function rejectionShape(outcome: Outcome) {
  return {
    status: outcome.response.status,
    contentType: outcome.response.headers['content-type'],
    hasApnsId: UUID.test(outcome.response.headers['apns-id'] ?? ''),
    body: bodyJson(outcome),
    noteReason: outcome.note?.reason,
  }
}

export const rejected = (status: number, reason: string) => ({
  status,
  contentType: 'application/json',
  hasApnsId: true,
  body: { reason },
  noteReason: reason,
})

/** A JSON object payload of exactly `bytes` bytes. */
export function payloadOfSize(bytes: number): string {
  const frame = '{"aps":{},"pad":""}'
  return `{"aps":{},"pad":"${'x'.repeat(bytes - frame.length)}"}`
}
