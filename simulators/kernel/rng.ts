/**
 * Seeded pseudo-random numbers (sfc32), so that every id and every random
 * draw of a run is reproducible from its seed. `fork(label)` derives an
 * independent stream, so adding a consumer does not shift the others.
 */
export interface Rng {
  readonly seed: string
  /** Uniform in [0, 1). */
  next(): number
  uint32(): number
  bytes(length: number): Buffer
  /** Lower-case canonical UUID (version 4 layout). */
  uuid(): string
  fork(label: string): Rng
}

export function createRng(seed: string | number): Rng {
  const seedText = String(seed)
  const [a0, b0, c0, d0] = hashToState(seedText)
  let a = a0
  let b = b0
  let c = c0
  let d = d0
  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // Warm up: the first outputs of sfc32 correlate with the seed words.
  for (let i = 0; i < 12; i++) uint32()

  const bytes = (length: number): Buffer => {
    const out = Buffer.allocUnsafe(length)
    for (let i = 0; i < length; i += 4) {
      const word = uint32()
      for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (j * 8)) & 0xff
    }
    return out
  }

  return {
    seed: seedText,
    next: () => uint32() / 4294967296,
    uint32,
    bytes,
    uuid: () => {
      const b16 = bytes(16)
      b16[6] = (b16[6]! & 0x0f) | 0x40
      b16[8] = (b16[8]! & 0x3f) | 0x80
      const h = b16.toString('hex')
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
    },
    fork: (label) => createRng(`${seedText}/${label}`),
  }
}

/** A fresh seed for runs that were not given one; printed so the run can be replayed. */
export function randomSeed(): string {
  return Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0')
}

// cyrb128: spreads a string over four 32-bit words of generator state.
function hashToState(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0]
}
