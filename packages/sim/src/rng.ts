/**
 * Seeded pseudo-random streams.
 *
 * One algorithm: **sfc32** (Small Fast Counting generator, 128 bits of state, period at least 2^32),
 * seeded by **SplitMix32** from a 32-bit key. Each component of a simulation draws from its own
 * stream, keyed by FNV-1a of `rootSeed + ':' + name` (`client/browsers/3`, `server/static2`, …), so
 * adding a client or a server never changes what another component draws.
 *
 * @module
 */

/**
 * FNV-1a over the UTF-16 code units of a string, 32 bits.
 *
 * @example
 * ```ts
 * fnv1a32('server/static2') // a number in [0, 2^32)
 * ```
 */
export function fnv1a32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One SplitMix32 output for input `x`: spreads a key over all 32 bits. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A stream of pseudo-random numbers (sfc32). Not cryptographic; fast and reproducible.
 *
 * @example
 * ```ts
 * const rng = Rng.stream(42, 'server/static2')
 * const u = rng.next()             // uniform in [0, 1)
 * const wait = rng.exponential(20) // mean 20
 * ```
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator seeded from one 32-bit key. Prefer {@link Rng.stream}. */
  constructor(key: number) {
    this.a = splitmix32(key);
    this.b = splitmix32(this.a ^ 0x5bd1e995);
    this.c = splitmix32(this.b ^ 0x1b873593);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * The independent stream called `name` under `rootSeed`.
   *
   * @example
   * ```ts
   * Rng.stream(7, 'client/api').next() === Rng.stream(7, 'client/api').next() // true
   * ```
   */
  static stream(rootSeed: number, name: string): Rng {
    return new Rng(fnv1a32(`${rootSeed >>> 0}:${name}`));
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in (0, 1]: safe to take the logarithm of. */
  nextOpen(): number {
    return (this.nextUint32() + 1) / 4294967296;
  }

  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.nextOpen());
  }

  /** Standard normal (Box–Muller, one of the pair; the other is discarded to keep draws per call fixed). */
  normal(): number {
    const u = this.nextOpen();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A whole number in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}
