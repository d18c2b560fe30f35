import { generateKeyPairSync, sign } from 'node:crypto'
import { buildRequest, createRng, manualClock, type ManualClock, type Outcome, type SimResponse } from '../../kernel/index.ts'
import { createFcmCore } from './index.ts'
import type { FcmCore, FcmOptions } from './types.ts'

/** Shared fixtures of the FCM unit tests (not a test file itself). */
export const PROJECT = 'demo-project'
export const CLIENT_EMAIL = 'firebase-adminsdk@demo-project.iam.gserviceaccount.com'
export const KEY_ID = 'a1b2c3d4e5'
export const MESSAGING_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging'
export const TOKEN_AUD = 'https://oauth2.googleapis.com/token'
export const DEVICE_TOKEN = 'dGVzdC10b2tlbi0wMDAwMDE:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx'

const rsaPair = (): { privateKey: string; publicKey: string } =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })

export const KEYS = rsaPair()
export const OTHER_KEYS = rsaPair()

export interface AssertionOptions {
  header?: Record<string, unknown>
  claims?: Record<string, unknown>
  privateKey?: string
  nowSeconds?: number
}

/** An assertion shaped like google-auth-library's (gtoken/jwsSign.js). */
export function signAssertion(options: AssertionOptions = {}): string {
  const iat = options.nowSeconds ?? Math.floor(Date.UTC(2026, 0, 1) / 1000)
  const header = options.header ?? { alg: 'RS256' }
  const claims = { iss: CLIENT_EMAIL, scope: MESSAGING_SCOPE, aud: TOKEN_AUD, exp: iat + 3600, iat, ...options.claims }
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const signingInput = `${encode(header)}.${encode(claims)}`
  const signature = sign('sha256', Buffer.from(signingInput), options.privateKey ?? KEYS.privateKey).toString('base64url')
  return `${signingInput}.${signature}`
}

export interface Fixture {
  fcm: FcmCore
  clock: ManualClock
}

export function setup(options: Partial<FcmOptions> = {}): Fixture {
  const clock = manualClock()
  const fcm = createFcmCore({ clock, rng: createRng('test'), ...options })
  const registered = fcm.registerServiceAccount({ clientEmail: CLIENT_EMAIL, projectId: PROJECT, key: KEYS.publicKey })
  if (!registered.ok) throw new Error(registered.error.message)
  return { fcm, clock }
}

export function outcomeOf(result: Outcome | Promise<Outcome>): Outcome {
  if (result instanceof Promise) throw new Error('handle() returned a Promise on the hot path')
  return result
}

export function postForm(fcm: FcmCore, form: Record<string, string>, path = '/token'): Outcome {
  const body = new URLSearchParams(form).toString()
  const headers = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }
  return outcomeOf(fcm.handle(buildRequest({ path, authority: 'oauth2.googleapis.com', headers, body })))
}

/** Runs the JWT-bearer grant and returns the access token. */
export function accessToken(fcm: FcmCore, assertion = signAssertion()): string {
  const outcome = postForm(fcm, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion })
  const body = json(outcome.response) as { access_token?: string }
  if (outcome.response.status !== 200 || !body.access_token) throw new Error(`token grant failed: ${String(outcome.response.body)}`)
  return body.access_token
}

export interface SendInit {
  token?: string | null
  project?: string
  headers?: Record<string, string>
  method?: string
}

export function send(fcm: FcmCore, body: unknown, init: SendInit = {}): Outcome {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers }
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? accessToken(fcm)}`
  const path = `/v1/projects/${init.project ?? PROJECT}/messages:send`
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)
  return outcomeOf(fcm.handle(buildRequest({ method: init.method ?? 'POST', path, authority: 'fcm.googleapis.com', headers, body: text })))
}

export function json(response: SimResponse): unknown {
  return JSON.parse(String(response.body))
}

/** The google.rpc.Status envelope a test expects, built independently of the code under test. */
export function statusBody(code: number, status: string, message: string, details?: unknown[]): unknown {
  return { error: details ? { code, message, status, details } : { code, message, status } }
}

export const fcmError = (errorCode: string): unknown => ({
  '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError',
  errorCode,
})

export const badRequestOf = (...fieldViolations: unknown[]): unknown => ({
  '@type': 'type.googleapis.com/google.rpc.BadRequest',
  fieldViolations,
})
