/**
 * Seeded pseudo-random streams.
 *
 * One algorithm: **sfc32** (Small Fast Counting generator, 128 bits of state, period at least 2^32).
 * Seeding is a two-level split, so that replications are independent of each other and of the
 * names of the components:
 *
 * 1. a replication's 64-bit **root** is output `r + 1` of a SplitMix64 generator started from the
 *    seed ({@link streamRoot}): outputs of SplitMix64 are a bijection of distinct counter values, so
 *    two replications never share a root;
 * 2. a component's stream (`client/api`, `server/static2`, …) is keyed by the root XOR a 64-bit
 *    FNV-1a of its name, passed through the SplitMix64 finaliser (a bijection on 64 bits); the
 *    finaliser's outputs give sfc32's three 32-bit state words.
 *
 * Two (replication, component) pairs share a key only on a 64-bit coincidence, and every key is
 * scrambled by a full-avalanche mixer, so neither reused names nor consecutive seeds give related
 * streams. (The earlier scheme hashed the text `seed:name` to 32 bits with FNV-1a, whose weak
 * avalanche on the last characters correlated replications.) Adding a client or a server never
 * changes what another component draws.
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

/** One SplitMix32 output for input `x`: spreads a 32-bit key over all 32 bits. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

const MASK64 = (1n << 64n) - 1n;
const GOLDEN64 = 0x9e3779b97f4a7c15n;

/** The SplitMix64 finaliser (Steele, Lea and Flood, 2014): a bijection on 64 bits with full avalanche. */
function mix64(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** FNV-1a over the UTF-16 code units of a string, 64 bits. */
function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & MASK64;
  return h;
}

/**
 * The 64-bit root of replication `replication` under `seed`: output `replication + 1` of a
 * SplitMix64 generator whose state starts at the mixed seed. Distinct replications, distinct roots.
 *
 * @example
 * ```ts
 * streamRoot(42, 0) !== streamRoot(42, 1) // true
 * ```
 */
export function streamRoot(seed: number, replication = 0): bigint {
  if (!Number.isInteger(replication) || replication < 0) throw new RangeError(`replication must be a whole number >= 0, got ${replication}`);
  const state = mix64(BigInt(seed >>> 0) ^ 0x5851f42d4c957f2dn);
  return mix64(state + BigInt(replication + 1) * GOLDEN64);
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

  /** A generator seeded from a 64-bit key (its state words come from SplitMix64). Prefer {@link Rng.stream}. */
  constructor(key: bigint) {
    const k1 = mix64(key + GOLDEN64);
    const k2 = mix64(key + 2n * GOLDEN64);
    this.a = Number(k1 & 0xffffffffn) | 0;
    this.b = Number(k1 >> 32n) | 0;
    this.c = Number(k2 & 0xffffffffn) | 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * The stream called `name` under a seed (replication 0) or a replication root from {@link streamRoot}.
   *
   * @example
   * ```ts
   * Rng.stream(7, 'client/api').next() === Rng.stream(7, 'client/api').next() // true
   * Rng.stream(streamRoot(7, 3), 'client/api') // replication 3's client stream
   * ```
   */
  static stream(root: number | bigint, name: string): Rng {
    const r = typeof root === 'bigint' ? root : streamRoot(root, 0);
    return new Rng(mix64(r ^ fnv1a64(name)));
  }

  /**
   * Restarts the generator from a 32-bit key drawn from another stream. The simulator gives each
   * request such a key when it is sent, and its server reseeds from it to draw the service time:
   * a request's size then does not depend on which server serves it or when, so methods compared
   * on the same seed see the same jobs (common random numbers, synchronised per request).
   *
   * @example
   * ```ts
   * jobRng.reseed(req.work); const ms = sampler(jobRng)
   * ```
   */
  reseed(key: number): void {
    this.a = splitmix32(key);
    this.b = splitmix32(this.a ^ 0x5bd1e995);
    this.c = splitmix32(this.b ^ 0x1b873593);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
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
