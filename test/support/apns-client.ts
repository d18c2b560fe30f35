import { connect, type ClientHttp2Session } from 'node:http2'
import { importPKCS8, SignJWT } from 'jose'
import type { Simulators } from '../../simulators/serve.ts'

export interface H2Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A provider token signed with the simulators' default APNs key, issued at `issuedAtMs` (the simulators check it against their run clock). */
export async function apnsJwt(sims: Simulators, issuedAtMs = Date.now()): Promise<string> {
  const { keyId, teamId, key } = sims.credentials.apns
  return new SignJWT({ iss: teamId, iat: Math.floor(issuedAtMs / 1000) }).setProtectedHeader({ alg: 'ES256', kid: keyId }).sign(await importPKCS8(key, 'ES256'))
}

export function apnsSession(sims: Simulators): ClientHttp2Session {
  const session = connect(sims.endpoints.apns, { ca: sims.tls.ca })
  session.on('error', () => {})
  return session
}

/** One push on an open session; rejects with the stream error (RST_STREAM, GOAWAY refusal, reset). */
export function apnsPush(session: ClientHttp2Session, jwt: string, token: string, body = '{"aps":{"alert":"hi"}}'): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': `/3/device/${token}`, authorization: `bearer ${jwt}`, 'apns-topic': 'com.example.pushsim', 'apns-push-type': 'alert' })
    let answer: Omit<H2Answer, 'body'> | undefined
    let text = ''
    stream.on('response', (headers) => (answer = { status: Number(headers[':status']), headers: headers as H2Answer['headers'] }))
    stream.on('data', (chunk) => (text += chunk))
    stream.on('end', () => (answer ? resolve({ ...answer, body: text }) : reject(new Error('stream ended without a response'))))
    stream.on('error', reject)
    stream.end(body)
  })
}

export const TOKEN_A = 'a1'.repeat(32)
export const TOKEN_B = 'b2'.repeat(32)
