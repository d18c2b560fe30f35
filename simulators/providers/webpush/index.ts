export type {
  Browser,
  PushSubscriptionJSON,
  SubscribeInput,
  SubscriptionKeysInput,
  SubscriptionInfo,
  SubscriptionState,
  WebPushCore,
  WebPushOptions,
} from './types.ts'
export { BROWSERS } from './types.ts'
export { createWebPushCore } from './core.ts'
export { subscribeProblems } from './subscribe-input.ts'
export type { ExportedState, ExportedSubscription } from './subscription-state.ts'
export { failureCode } from './flavour-answers.ts'
export type { PushFailure, AuthProblem } from './push-failure.ts'
export { isChromePushPath, WEB_PUSH_ORIGINS } from './service-origins.ts'
