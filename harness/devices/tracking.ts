/**
 * Reads the tracking object a dispatcher puts in every push
 * (architecture.md "The tracking payload"): `pushsim: {id, token}` in the
 * APNs JSON and the web push plaintext, `pushsim.id` / `pushsim.token` in
 * FCM data. Nothing else of the payload is interpreted.
 */
export interface Tracking {
  deliveryId: string
  token: string
}

/** From a JSON payload (APNs body, decrypted web push plaintext). */
export function trackingOfJson(text: string): Tracking | undefined {
  const parsed = parse(text)
  const object = (parsed as { pushsim?: { id?: unknown; token?: unknown } } | undefined)?.pushsim
  return typeof object?.id === 'string' && typeof object.token === 'string' ? { deliveryId: object.id, token: object.token } : undefined
}

/** From an FCM HTTP v1 send body: `message.data`, and the registration token it was sent to. */
export function trackingOfFcm(text: string): { tracking: Tracking | undefined; registrationToken: string | undefined } {
  const message = (parse(text) as { message?: { token?: unknown; data?: Record<string, unknown> } } | undefined)?.message
  const id = message?.data?.['pushsim.id']
  const token = message?.data?.['pushsim.token']
  return {
    tracking: typeof id === 'string' && typeof token === 'string' ? { deliveryId: id, token } : undefined,
    registrationToken: typeof message?.token === 'string' ? message.token : undefined,
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
