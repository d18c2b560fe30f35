import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readAnswer } from '../answer-reading.ts'
import { CHANNELS } from '../channel-policy.ts'
import type { Exchange } from '../ground-truth.ts'
import { WordDecoder, WordEncoder } from './exchange-codec.ts'

const word = (words: string[]) => fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 }))
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })
const number = fc.double({ noNaN: true })

const exchange: fc.Arbitrary<Exchange> = fc
  .record({
    seq: fc.nat(),
    deliveryId: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    provider: fc.constantFrom('apns' as const, 'fcm' as const, 'webpush' as const),
    flavour: optional(fc.option(word(['chrome', 'firefox', 'sandbox']), { nil: null })),
    channel: optional(fc.constantFrom(...CHANNELS)),
    target: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
    wallStart: number,
    start: number,
    end: number,
    scale: number,
    decided: word(['respond', 'hang']),
    outcome: word(['answered', 'abandoned', 'hung']),
    status: fc.constantFrom(0, 200, 201, 410, 429, 503),
    afterMs: number,
    by: optional(word(['client', 'server'])),
    reason: fc.option(word(['Unregistered', 'gone', 'UNREGISTERED']), { nil: null }),
    retryAfterMs: optional(number),
    apnsId: optional(fc.string({ maxLength: 10 })),
    credential: optional(word(['iat=1', 'iat=2'])),
    credentialFetch: optional(fc.constant(true as const)),
  })
  .map(({ credential, credentialFetch, ...fields }) => ({
    ...fields,
    answer: readAnswer({ provider: fields.provider, flavour: fields.flavour as string | null, outcome: fields.outcome, status: fields.status, reason: fields.reason }),
    ...(credential === undefined ? {} : { credential }),
    ...(credentialFetch === undefined ? {} : { credentialFetch }),
  }))

describe('the exchange codec of the ledger reader worker', () => {
  it('decodes each batch to the exchanges encoded, the word table growing in step across batches; equal answers share one reading', () => {
    fc.assert(
      fc.property(fc.array(fc.array(exchange, { maxLength: 20 }), { maxLength: 5 }), (batches) => {
        const encoder = new WordEncoder()
        const decoder = new WordDecoder()
        for (const batch of batches) {
          // Through structured clone, as postMessage hands it over.
          const decoded = decoder.decode(structuredClone(encoder.encode(batch)))
          expect(decoded).toEqual(batch)
          decoded.forEach((exchange, index) => expect(exchange.answer).toBe(batch[index]!.answer))
        }
      }),
      { numRuns: 200 },
    )
  })
})
