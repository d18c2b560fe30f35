export { createApnsCore } from './core.ts'
export { resolveApnsOptions, type ResolvedApnsOptions } from './options.ts'
export { APNS_REASON_STATUS, isApnsReason, reasonBody, statusOf, type ApnsReason } from '../../catalogue/wire/apns-reasons.ts'
export type { ApnsPushType } from './topics.ts'
export type {
  ApnsCore,
  ApnsEnvironment,
  ApnsKeyInfo,
  ApnsKeyInput,
  ApnsOptions,
  ApnsTokenInput,
  ApnsTokenRecord,
  ApnsTokenState,
  EnvironmentKeyReason,
} from './types.ts'
