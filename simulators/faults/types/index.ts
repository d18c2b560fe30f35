/**
 * The fault-type registry. A new fault type is one file in this folder
 * (./define.ts says what it holds) and one entry in FAULT_TYPE_REGISTRY;
 * validation, the CLI shorthand, the engine, the pipeline and the
 * `FaultSpec` types all read it from here. The order is the order types are
 * listed in messages (`expected one of: error, latency, …`).
 */
import { close } from './close.ts'
import type { AnyConnectionFaultType, AnyExchangeFaultType, AnyFaultType } from './define.ts'
import { dribble } from './dribble.ts'
import { error } from './error.ts'
import { goaway } from './goaway.ts'
import { hang } from './hang.ts'
import { headersOnly } from './headers-only.ts'
import { latency } from './latency.ts'
import { maxStreams } from './max-streams.ts'
import { outage } from './outage.ts'
import { pingNoAck } from './ping-no-ack.ts'
import { rateLimit } from './rate-limit.ts'
import { refuseStream } from './refuse-stream.ts'
import { reset } from './reset.ts'
import { rstStream } from './rst-stream.ts'
import { settingsNoAck } from './settings-no-ack.ts'
import { slowConnect } from './slow-connect.ts'
import { windowStall } from './window-stall.ts'

export const FAULT_TYPE_REGISTRY = [
  error,
  latency,
  hang,
  reset,
  close,
  slowConnect,
  rstStream,
  goaway,
  maxStreams,
  refuseStream,
  outage,
  rateLimit,
  dribble,
  headersOnly,
  windowStall,
  settingsNoAck,
  pingNoAck,
] as const

type Registered = (typeof FAULT_TYPE_REGISTRY)[number]

/** Every fault type's name. */
export type RegisteredFaultType = Registered['name']

/** The attributes of each fault type, as its decoder gives them. */
export type RegisteredAttributes = {
  [D in Registered as D['name']]: D extends { decode(c: never): infer A } ? Exclude<A, undefined> : never
}

export const FAULT_TYPES: readonly RegisteredFaultType[] = FAULT_TYPE_REGISTRY.map((definition) => definition.name)

const BY_NAME: ReadonlyMap<string, AnyFaultType> = new Map(FAULT_TYPE_REGISTRY.map((definition) => [definition.name, definition as AnyFaultType]))

/** The definition of a type, or undefined for a name that is none. */
export function findFaultType(name: string): AnyFaultType | undefined {
  return BY_NAME.get(name)
}

/** The definition of a validated fault's type. */
export function faultTypeOf(name: RegisteredFaultType): AnyFaultType {
  return BY_NAME.get(name)!
}

export const isExchangeType = (definition: AnyFaultType): definition is AnyExchangeFaultType => definition.scope === 'exchange'
export const isConnectionType = (definition: AnyFaultType): definition is AnyConnectionFaultType => definition.scope === 'connection'

export type * from './define.ts'
