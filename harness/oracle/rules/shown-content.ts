/**
 * What a push shows the person (title and body), read from an APNs or FCM
 * request body as the ledger keeps it: APNs `aps.alert` (a string is the
 * body alone), FCM `message.notification` with `android.notification`
 * over it, as Android draws it. Web push bodies are encrypted on the wire:
 * the device's decision line carries what it decrypted (read-shown.ts).
 */
export interface ShownContent {
  title: string
  body: string
}

interface KeptBody {
  body: string
  bodyEncoding: string
  bodyLength: number
}

/** Undefined when the body cannot be read whole (kept only in part, binary, not JSON). */
export function shownOf(provider: string, request: KeptBody): ShownContent | undefined {
  if (request.bodyEncoding !== 'utf8' || Buffer.byteLength(request.body) < request.bodyLength) return undefined
  const json = parseObject(request.body)
  if (json === undefined) return undefined
  if (provider === 'apns') return apnsShown(json)
  if (provider === 'fcm') return fcmShown(json)
  return undefined
}

function apnsShown(json: Record<string, unknown>): ShownContent {
  const alert = objectOr(json.aps)?.alert
  if (typeof alert === 'string') return { title: '', body: alert }
  return textsOf(objectOr(alert))
}

function fcmShown(json: Record<string, unknown>): ShownContent {
  // HTTP v1 wraps the message; the legacy API does not.
  const message = objectOr(json.message) ?? json
  const common = textsOf(objectOr(message.notification))
  const android = objectOr(objectOr(message.android)?.notification)
  return {
    title: typeof android?.title === 'string' ? android.title : common.title,
    body: typeof android?.body === 'string' ? android.body : common.body,
  }
}

const textsOf = (record: Record<string, unknown> | undefined): ShownContent => ({
  title: typeof record?.title === 'string' ? record.title : '',
  body: typeof record?.body === 'string' ? record.body : '',
})

const objectOr = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined)

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    return objectOr(JSON.parse(text))
  } catch {
    return undefined
  }
}
