/**
 * The consistent-hash ring of the `hash` method.
 *
 * @module
 */

/**
 * A consistent-hash ring: `hashes` sorted ascending, `owners[k]` the member index of point k.
 * Each member has `weight × pointsPerWeight` points, so removing one of n equal members moves
 * about 1/n of the keys, and only keys that were on it.
 *
 * @example
 * ```ts
 * const ring: HashRing = buildRing(['a', 'b'], [1, 1], 64)
 * ring.hashes.length // 128
 * ```
 */
export interface HashRing {
  readonly hashes: Float64Array;
  readonly owners: Int32Array;
}

/**
 * A 32-bit hash of a string: FNV-1a over UTF-16 code units, then the murmur3 finaliser so that
 * near-identical keys (`a#1`, `a#2`) spread over the whole ring.
 *
 * @example
 * ```ts
 * hash32('10.0.0.7') // a number in [0, 2^32)
 * ```
 *
 * @remarks
 * Stable across runs and machines, so a key lands on the same member after a restart.
 */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Builds the ring for members given by id and weight, in configuration order (health is checked at pick time).
 *
 * @remarks
 * The same idea as nginx's `hash $key consistent` (ketama) and HAProxy's `hash-type consistent`;
 * Apache's mod_proxy_balancer has no hash method.
 *
 * @example
 * ```ts
 * const ring = buildRing(['static1', 'static2', 'static3'], [1, 2, 1], 64) // static2 owns about half the keys
 * ```
 */
export function buildRing(ids: readonly string[], weights: ArrayLike<number>, pointsPerWeight: number): HashRing {
  let count = 0;
  for (let i = 0; i < ids.length; i++) count += weights[i]! * pointsPerWeight;
  // a point's hash in the high part, its owner in the low part: one numeric sort orders by hash, then owner
  const keyed = new Float64Array(count);
  let k = 0;
  const scale = 2 ** 21;
  for (let i = 0; i < ids.length; i++) {
    const points = weights[i]! * pointsPerWeight;
    for (let v = 0; v < points; v++) keyed[k++] = hash32(`${ids[i]!}#${v}`) * scale + i;
  }
  keyed.sort();
  const hashes = new Float64Array(count);
  const owners = new Int32Array(count);
  for (let p = 0; p < count; p++) {
    const owner = keyed[p]! % scale;
    owners[p] = owner;
    hashes[p] = (keyed[p]! - owner) / scale;
  }
  return { hashes, owners };
}

/** First point at or after `h`, wrapping around. */
export function firstPointAtOrAfter(hashes: Float64Array, h: number): number {
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hashes[mid]! < h) lo = mid + 1;
    else hi = mid;
  }
  return lo === hashes.length ? 0 : lo;
}
