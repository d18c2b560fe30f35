import type { Delivery, DeviceEventKind, Message, PersonStatus } from '../model/lifecycle.ts'

export interface PersonStatusInput {
  message: Message
  deliveries: readonly Pick<Delivery, 'id' | 'state' | 'errorClass'>[]
  /** Device reports of this message's deliveries. */
  events: readonly { deliveryId: string; kind: DeviceEventKind }[]
  converted: boolean
}

export type PersonStatusOf = (input: PersonStatusInput) => PersonStatus
