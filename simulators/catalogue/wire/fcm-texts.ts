import type { SimResponse } from '../../kernel/index.ts'
import { googleError } from './google-error.ts'

/**
 * FCM's fixed message texts and OAuth answer parts (protocols.md §2.6), shared
 * by the FCM core and the catalogue so a fault reads as the core's own answer.
 */
export const INVALID_TOKEN = 'The registration token is not a valid FCM registration token'
export const TOO_BIG = 'Android message is too big'

const SEE = 'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.'
export const MISSING_CREDENTIALS = `Request is missing required authentication credential. ${SEE}`
export const INVALID_CREDENTIALS = `Request had invalid authentication credentials. ${SEE}`
export const INSUFFICIENT_SCOPES = 'Request had insufficient authentication scopes.'

/** [interp] The challenge Google APIs send with 401/403 OAuth failures. */
export const GOOGLE_REALM = 'Bearer realm="https://accounts.google.com/"'

/** [obs; wording partly unverified] The service account may not send for this project. */
export function permissionDenied(project: string): SimResponse {
  return googleError(
    403,
    'PERMISSION_DENIED',
    `Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/${project}' (or it may not exist).`,
  )
}
