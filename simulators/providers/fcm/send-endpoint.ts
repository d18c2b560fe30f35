import type { Clock, ExchangeNote, Rng, SimRequest, SimResponse } from '../../kernel/index.ts'
import type { AccessTokenStore } from './access-tokens.ts'
import { TOO_BIG } from '../../catalogue/wire/fcm-texts.ts'
import { badRequest, fcmErrorDetail, googleError, invalidArgument, messageNameResponse, type FieldViolation } from '../../catalogue/wire/google-error.ts'
import { SEND_REQUEST_SCHEMA } from './message-schema.ts'
import { checkMessage, type Target } from './message-rules.ts'
import { isObject, readMessage } from './proto-json.ts'
import { authenticateSend } from './send-auth.ts'
import type { TokenRegistry } from './token-registry.ts'

/** `POST /v1/projects/{project}/messages:send` (§2.1–2.6). */
export interface SendDeps {
  tokens: AccessTokenStore
  registry: TokenRegistry
  clock: Clock
  /** Draws message ids. */
  rng: Rng
}

export interface SendAnswer {
  response: SimResponse
  note: ExchangeNote
}

const JSON_PREFIX = 'Invalid JSON payload received. '

// Module-level rather than a closure per request: tsx's keepNames wraps every closure creation.
function reply(project: string, response: SimResponse, target: Target | null, reason?: string): SendAnswer {
  const note: ExchangeNote = { target: noteTarget(target), flavour: project }
  if (reason !== undefined) note.reason = reason
  return { response, note }
}

export function handleSend(request: SimRequest, project: string, deps: SendDeps): SendAnswer {
  const auth = authenticateSend(request.headers.authorization, project, deps.tokens)
  if (!auth.ok) return reply(project, auth.response, null, auth.reason)
  // [interp] The adapter kept only the first 64 KiB: far past 4096 bytes of payload, so FCM's size answer.
  if (request.bodyOverflow) return reply(project, invalidArgument(TOO_BIG, [{ field: 'message', description: TOO_BIG }]), null, 'INVALID_ARGUMENT')

  const parsed = parseRequest(request.body)
  if (!parsed.ok) return reply(project, badRequest(parsed.violations), parsed.target, 'INVALID_ARGUMENT')
  const checked = checkMessage(parsed.message)
  if (!checked.ok) return reply(project, checked.response, checked.target, 'INVALID_ARGUMENT')
  const { target } = checked

  if (target.kind === 'token') {
    const record = deps.registry.get(target.value)
    // [obs: dcai/airnotifier#211] A token registered to another sender project.
    if (record?.project != null && record.project !== project) {
      return reply(project, googleError(403, 'PERMISSION_DENIED', 'SenderId mismatch', [fcmErrorDetail('SENDER_ID_MISMATCH')]), target, 'SENDER_ID_MISMATCH')
    }
    // Dry runs check token state too: senders use validate_only to prune dead tokens [interp].
    if (record?.state === 'unregistered') {
      return reply(project, googleError(404, 'NOT_FOUND', 'Requested entity was not found.', [fcmErrorDetail('UNREGISTERED')]), target, 'UNREGISTERED')
    }
  }

  const id = parsed.validateOnly ? 'fake_message_id' : messageId(deps.clock, deps.rng)
  return reply(project, messageNameResponse(`projects/${project}/messages/${id}`), target)
}

type ParsedRequest =
  | { ok: true; message: Record<string, unknown>; validateOnly: boolean }
  | { ok: false; violations: FieldViolation[]; target: Target | null }

function parseRequest(body: Buffer): ParsedRequest {
  const text = body.toString('utf8')
  let root: unknown = {}
  if (text.trim() !== '') {
    try {
      root = JSON.parse(text)
    } catch (error) {
      // [interp] ESF also quotes the offending line with a caret; only the first sentence is kept.
      const truncated = /end of JSON|Unterminated/i.test((error as Error).message)
      return { ok: false, target: null, violations: [{ description: `${JSON_PREFIX}${truncated ? 'Unexpected end of string.' : 'Unexpected token.'}` }] }
    }
  }
  if (!isObject(root)) {
    return { ok: false, target: null, violations: [{ description: `${JSON_PREFIX}Unknown name "": Root element must be a message.` }] }
  }
  const violations: FieldViolation[] = []
  const request = readMessage(root, SEND_REQUEST_SCHEMA, '', violations)
  const message = isObject(request.message) ? request.message : {}
  if (violations.length > 0) return { ok: false, violations, target: looseTarget(message) }
  return { ok: true, message, validateOnly: request.validate_only === true }
}

/**
 * The target a send names, read as handleSend reads it but without judging
 * the message: the ledger's name for it, or undefined when the body is not
 * JSON or names none (then the note's target is '').
 */
export function sendTarget(body: Buffer): string | undefined {
  let root: unknown
  try {
    root = JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
  if (!isObject(root) || !isObject(root.message)) return undefined
  return noteTarget(looseTarget(root.message)) || undefined
}

function looseTarget(message: Record<string, unknown>): Target | null {
  for (const kind of ['token', 'topic', 'condition', 'fid'] as const) {
    const value = message[kind]
    if (typeof value === 'string') return { kind, value }
  }
  return null
}

/** Ledger target: the registration token itself, or `topic:`/`condition:`/`fid:` + value. */
function noteTarget(target: Target | null): string {
  if (!target) return ''
  return target.kind === 'token' ? target.value : `${target.kind}:${target.value}`
}

/** `0:<16 digits>%<16 hex>` like `0:1500415314455276%31bd1c9631bd1c96` (§2.3) [obs; opaque]. */
function messageId(clock: Clock, rng: Rng): string {
  const micros = clock.now() * 1000 + (rng.uint32() % 1000)
  return `0:${micros}%${rng.bytes(8).toString('hex')}`
}
