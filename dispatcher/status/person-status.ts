import type { Delivery, DeviceEventKind, Message, PersonStatus } from '../model/lifecycle.ts'

export interface PersonStatusInput {
  /** Only why the message has no deliveries matters (Undeliverable or Failed). */
  message: Pick<Message, 'failure'>
  /** `code` (optional) tells a device suppressed for bouncing (`device_suppressed`) from other suppressions. */
  deliveries: readonly (Pick<Delivery, 'id' | 'state' | 'errorClass'> & Partial<Pick<Delivery, 'code'>>)[]
  /** Device reports of this message's deliveries. */
  events: readonly { deliveryId: string; kind: DeviceEventKind }[]
  converted: boolean
}

export type PersonStatusOf = (input: PersonStatusInput) => PersonStatus
