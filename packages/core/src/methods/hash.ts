import type { MemberState } from '../state.js';
import { byrequests } from './byrequests.js';
import { isCandidate, type Method, type PickInput } from './method.js';

/**
 * A consistent-hash ring: `hashes` sorted ascending, `owners[k]` the member index of point k.
 * Each member has `weight × pointsPerWeight` points, so removing one of n equal members moves
 * about 1/n of the keys, and only keys that were on it.
 */
export interface HashRing {
  readonly hashes: readonly number[];
  readonly owners: readonly number[];
}

/**
 * A 32-bit hash of a string: FNV-1a over UTF-16 code units, then the murmur3 finaliser so that
 * near-identical keys (`a#1`, `a#2`) spread over the whole ring.
 *
 * @example
 * ```ts
 * hash32('10.0.0.7') // a number in [0, 2^32)
 * ```
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

/** Builds the ring for `members` (all of them: health is checked at pick time). */
export function buildRing(members: readonly MemberState[], pointsPerWeight: number): HashRing {
  const points: [number, number][] = [];
  members.forEach((m, i) => {
    const count = m.weight * pointsPerWeight;
    for (let v = 0; v < count; v++) points.push([hash32(`${m.id}#${v}`), i]);
  });
  // ties (rare) are ordered by member index so the ring does not depend on sort stability
  points.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return { hashes: points.map((p) => p[0]), owners: points.map((p) => p[1]) };
}

/** First point at or after `h`, wrapping around. */
function firstPointAtOrAfter(hashes: readonly number[], h: number): number {
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hashes[mid]! < h) lo = mid + 1;
    else hi = mid;
  }
  return lo === hashes.length ? 0 : lo;
}

/**
 * Consistent hashing on {@link BalancerRequest.hashKey} (HAProxy `hash-type consistent`): the key's
 * point on the ring, then clockwise to the first candidate. Requests without a key fall back to
 * {@link byrequests}.
 */
export const hash: Method = {
  name: 'hash',
  draws: 0,
  pick(input: PickInput): number {
    const { ring, hashKey } = input;
    if (hashKey === undefined || ring === null || ring.hashes.length === 0) return byrequests.pick(input);
    const start = firstPointAtOrAfter(ring.hashes, hash32(hashKey));
    const n = ring.owners.length;
    for (let k = 0; k < n; k++) {
      const owner = ring.owners[(start + k) % n]!;
      if (isCandidate(input, owner)) return owner;
    }
    return byrequests.pick(input);
  },
};
