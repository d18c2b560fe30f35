import type { DeliveryState } from '../model/lifecycle.ts'
import type { MetricsDelivery, MetricsInput, MetricsMessage } from './input.ts'

/** Test fixture: one campaign with variants a and b and a control group, in March 2026 (the 2nd is a Monday). */
export const at = (day: number, hour: number, minute = 0): number => Date.UTC(2026, 2, day, hour, minute)

export const message = (id: string, personId: string, variantId: string | null, failure: string | null = null): MetricsMessage => ({ id, personId, variantId, control: variantId === null, failure })

export function delivery(id: string, messageId: string, personId: string, variantId: string, state: DeliveryState, extra: Partial<MetricsDelivery> = {}): MetricsDelivery {
  return { id, messageId, personId, variantId, state, code: null, errorClass: null, acceptedAt: null, ...extra }
}

export const CAMPAIGN: MetricsInput = {
  messages: [
    message('m1', 'p1', 'a'),
    message('m2', 'p2', 'a'),
    message('m3', 'p3', 'b'),
    message('m4', 'p4', 'b', 'missing_template_variable'),
    message('m5', 'p5', null),
    message('m6', 'p6', 'a'),
    message('m7', 'p7', 'b', 'no_device'),
    message('m8', 'p8', 'a'),
  ],
  deliveries: [
    delivery('d1', 'm1', 'p1', 'a', 'accepted', { acceptedAt: at(2, 10), os: 'iOS', model: 'iPhone 15' }),
    delivery('d2', 'm1', 'p1', 'a', 'accepted', { acceptedAt: at(2, 11), os: 'Android', model: 'Pixel 8' }),
    delivery('d3', 'm2', 'p2', 'a', 'bounced', { code: 'apns_token_format', errorClass: 'dead-address' }),
    delivery('d4', 'm3', 'p3', 'b', 'accepted', { acceptedAt: at(8, 23), os: 'Android', model: 'Pixel 8' }),
    delivery('d5', 'm3', 'p3', 'b', 'failed', { code: 'server_issue', errorClass: 'transient' }),
    delivery('d6', 'm6', 'p6', 'a', 'suppressed', { code: 'frequency_exceeded' }),
    delivery('d7', 'm8', 'p8', 'a', 'attempting'),
  ],
  events: [
    { deliveryId: 'd1', kind: 'delivered', at: at(2, 10, 1) },
    { deliveryId: 'd1', kind: 'delivered', at: at(2, 10, 5) },
    { deliveryId: 'd1', kind: 'opened', at: at(3, 9) },
    { deliveryId: 'd2', kind: 'delivered', at: at(2, 11, 1) },
    { deliveryId: 'd4', kind: 'delivered', at: at(9, 0, 10) },
    { deliveryId: 'd4', kind: 'opened', at: at(9, 0, 20) },
    { deliveryId: 'd4', kind: 'opened', at: at(9, 0, 30) },
    { deliveryId: 'dx', kind: 'opened', at: at(9, 1) },
  ],
  conversions: [
    { personId: 'p1', messageId: 'm1', at: at(3, 10) },
    { personId: 'p3', messageId: 'm3', at: at(9, 0, 15) },
    { personId: 'p5', messageId: 'm5', at: at(4, 12) },
  ],
}

export const EMPTY: MetricsInput = { messages: [], deliveries: [], events: [], conversions: [] }
