/**
 * Consistent hashing (HAProxy `hash-type consistent`).
 *
 * @module
 */
import type { Engine, RankGroup } from '../engine/engine.js';
import { byrequests } from './byrequests.js';
import { firstPointAtOrAfter, hash32 } from './hash-ring.js';

/**
 * Consistent hashing on {@link BalancerRequest.hashKey}: the key's point on the ring, then
 * clockwise to the first candidate. Requests without a key fall back to {@link byrequests}.
 */
export function hash(e: Engine, g: RankGroup, hashKey: string | undefined): number {
  if (hashKey === undefined) return byrequests(e, g);
  // a hash pool builds its ring with the pool and rebuilds it on weight changes; a pool that gets
  // this far has members, each with at least one point
  const ring = e.ring!;
  const start = firstPointAtOrAfter(ring.hashes, hash32(hashKey));
  const n = ring.owners.length;
  for (let k = 0; k < n; k++) {
    const owner = ring.owners[(start + k) % n]!;
    if (e.group[owner] === g.rank) return owner;
  }
  return byrequests(e, g);
}
