/**
 * A batch of Exchanges in the form a worker thread hands over cheaply:
 * numbers in one Float64Array (transferred, not copied), the few distinct
 * words (provider, flavour, outcome, reason, a credential's iat…) as
 * numbers into a table both sides grow in step, and only the per-exchange
 * strings (delivery id, target, apns-id) as strings. Structured-cloning the
 * objects themselves cost the receiving thread as much as reading the
 * ledger did. The answer's reading is recomputed on arrival (readAnswer is
 * cached, so equal answers share one reading, as they do when read in one
 * thread).
 */
import type { ProviderName } from '../../../simulators/kernel/exchange.ts'
import { readAnswer } from '../answer-reading.ts'
import type { Channel } from '../channel-policy.ts'
import type { Exchange } from '../ground-truth.ts'

export interface EncodedExchanges {
  count: number
  numbers: Float64Array
  words: Int32Array
  /** deliveryId, target, apnsId of each exchange in turn. */
  strings: (string | null | undefined)[]
  /** Words first used in this batch, in the order they were numbered. */
  added: string[]
}

const NUMBERS = 9
const WORDS = 8
const ABSENT = -1
const NULL = -2
const FETCH = 1

/** The encoder's side of the word table. */
export class WordEncoder {
  private readonly numbers = new Map<string, number>()
  private added: string[] = []

  encode(batch: readonly Exchange[]): EncodedExchanges {
    const count = batch.length
    const numbers = new Float64Array(count * NUMBERS)
    const words = new Int32Array(count * WORDS)
    const strings: (string | null | undefined)[] = new Array(count * 3)
    for (let index = 0; index < count; index++) {
      const exchange = batch[index]!
      const n = index * NUMBERS
      numbers[n] = exchange.seq
      numbers[n + 1] = exchange.wallStart
      numbers[n + 2] = exchange.start
      numbers[n + 3] = exchange.end
      numbers[n + 4] = exchange.scale
      numbers[n + 5] = exchange.status
      numbers[n + 6] = exchange.afterMs
      numbers[n + 7] = exchange.retryAfterMs ?? Number.NaN
      numbers[n + 8] = exchange.credentialFetch === true ? FETCH : 0
      const w = index * WORDS
      words[w] = this.word(exchange.provider)
      words[w + 1] = this.word(exchange.flavour)
      words[w + 2] = this.word(exchange.channel)
      words[w + 3] = this.word(exchange.decided)
      words[w + 4] = this.word(exchange.outcome)
      words[w + 5] = this.word(exchange.by)
      words[w + 6] = this.word(exchange.reason)
      words[w + 7] = this.word(exchange.credential)
      strings[index * 3] = exchange.deliveryId
      strings[index * 3 + 1] = exchange.target
      strings[index * 3 + 2] = exchange.apnsId
    }
    const added = this.added
    this.added = []
    return { count, numbers, words, strings, added }
  }

  private word(text: string | null | undefined): number {
    if (text === undefined) return ABSENT
    if (text === null) return NULL
    let number = this.numbers.get(text)
    if (number === undefined) {
      number = this.numbers.size
      this.numbers.set(text, number)
      this.added.push(text)
    }
    return number
  }
}

/** The decoder's side: batches must be decoded in the order they were encoded. */
export class WordDecoder {
  private readonly words: string[] = []

  decode(encoded: EncodedExchanges): Exchange[] {
    this.words.push(...encoded.added)
    const { count, numbers, words, strings } = encoded
    const exchanges: Exchange[] = new Array(count)
    for (let index = 0; index < count; index++) {
      const n = index * NUMBERS
      const w = index * WORDS
      const provider = this.word(words[w]!) as ProviderName
      const flavour = this.word(words[w + 1]!)
      const outcome = this.word(words[w + 4]!) as string
      const status = numbers[n + 5]!
      const reason = this.word(words[w + 6]!) as string | null
      const retryAfterMs = numbers[n + 7]!
      const credential = this.word(words[w + 7]!)
      const exchange: Exchange = {
        seq: numbers[n]!,
        deliveryId: strings[index * 3] ?? null,
        provider,
        flavour,
        channel: this.word(words[w + 2]!) as Channel | undefined,
        target: strings[index * 3 + 1] ?? null,
        wallStart: numbers[n + 1]!,
        start: numbers[n + 2]!,
        end: numbers[n + 3]!,
        scale: numbers[n + 4]!,
        decided: this.word(words[w + 3]!) as string,
        outcome,
        status,
        afterMs: numbers[n + 6]!,
        by: this.word(words[w + 5]!) as string | undefined,
        reason,
        retryAfterMs: Number.isNaN(retryAfterMs) ? undefined : retryAfterMs,
        apnsId: strings[index * 3 + 2] ?? undefined,
        // As exchangeOf reads it (the same fields, so the same cached reading).
        answer: readAnswer({ provider, flavour: flavour as string | null, outcome, status, reason }),
      }
      if (credential != null) exchange.credential = credential
      if (numbers[n + 8] === FETCH) exchange.credentialFetch = true
      exchanges[index] = exchange
    }
    return exchanges
  }

  private word(number: number): string | null | undefined {
    return number === ABSENT ? undefined : number === NULL ? null : this.words[number]
  }
}
