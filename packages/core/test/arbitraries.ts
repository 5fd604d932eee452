/**
 * fast-check arbitraries shared by the core's property tests: pools, requests and event scripts.
 */
import fc from 'fast-check';
import type { BalancerEvent, BalancerRequest, LbMethod, MemberConfig, PoolConfig } from '../src/index.js';

export const ids = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'] as const;

/** True one time in five. */
const rare = fc.integer({ min: 0, max: 4 }).map((x) => x === 0);

/** A member with mostly-plain flags: flags are rare so that most pools have something usable. */
export const memberArb = (id: string, opts: { flags: boolean; tiers: boolean }): fc.Arbitrary<MemberConfig> =>
  fc.record({
    id: fc.constant(id),
    weight: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 100 })),
    tier: opts.tiers ? fc.integer({ min: 0, max: 2 }) : fc.constant(0),
    disabled: opts.flags ? rare : fc.constant(false),
    draining: opts.flags ? rare : fc.constant(false),
    standby: opts.flags ? rare : fc.constant(false),
  });

/** A pool of 1 to 6 members. */
export const poolArb = (opts: { flags?: boolean; tiers?: boolean; methods?: readonly LbMethod[]; sticky?: boolean } = {}): fc.Arbitrary<PoolConfig> =>
  fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      members: fc.tuple(...ids.slice(0, n).map((id) => memberArb(id, { flags: opts.flags ?? true, tiers: opts.tiers ?? true }))),
      method: fc.constantFrom(...(opts.methods ?? (['byrequests', 'bybusyness', 'random', 'p2c', 'hash'] as const))),
      sticky: opts.sticky === false ? fc.constant(undefined) : fc.constant({ cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true }),
      health: fc.record({
        failuresBeforeError: fc.integer({ min: 1, max: 3 }),
        retryMs: fc.integer({ min: 0, max: 1000 }),
        failOnStatus: fc.constant([503]),
        rise: fc.integer({ min: 1, max: 3 }),
        fall: fc.integer({ min: 1, max: 3 }),
        forceRecovery: fc.boolean(),
      }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      // small rings keep a run fast; the ring's spread is tested with the default 64 elsewhere
      hashPointsPerWeight: fc.integer({ min: 1, max: 16 }),
    }).map((p) => {
      const { sticky, ...rest } = p;
      return sticky === undefined ? rest : { ...rest, sticky };
    }),
  );

/** A route a client might send: a real one, another pool's, garbage, or none. */
export const cookieArb: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(...ids).map((id) => `ROUTEID=.${id}`),
  fc.constantFrom(...ids).map((id) => `lang=fr; ROUTEID=.${id}; theme=dark`),
  fc.constantFrom('ROUTEID=.dynamic1', 'ROUTEID=', 'ROUTEID=m1', 'ROUTEID=..', 'ROUTEID=.M1'),
  fc.string({ maxLength: 40, size: 'max' }),
);

export const requestArb: fc.Arbitrary<BalancerRequest> = fc
  .record({ cookie: cookieArb, hashKey: fc.option(fc.string({ maxLength: 8, size: 'max' }), { nil: undefined }) })
  .map(({ cookie, hashKey }) => ({ ...(cookie === undefined ? {} : { cookie }), ...(hashKey === undefined ? {} : { hashKey }) }));

/** One step of a script: a request, an event, or time passing. */
export type Step =
  | { readonly kind: 'request'; readonly request: BalancerRequest }
  | { readonly kind: 'event'; readonly event: BalancerEvent }
  | { readonly kind: 'advance'; readonly ms: number };

const memberId = fc.constantFrom(...ids);

/** Outcome and health events, plus rare admin events that are always valid for any member id. */
export const eventArb: fc.Arbitrary<BalancerEvent> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('responseReceived' as const), member: memberId, status: fc.constantFrom(200, 200, 503) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('requestFailed' as const), member: memberId, cause: fc.constantFrom('refused' as const, 'reset' as const, 'timeout' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('requestAbandoned' as const), member: memberId }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('healthChecked' as const), member: memberId, ok: fc.boolean() }) },
);

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: requestArb.map((request) => ({ kind: 'request' as const, request })) },
  { weight: 3, arbitrary: eventArb.map((event) => ({ kind: 'event' as const, event })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 800 }).map((ms) => ({ kind: 'advance' as const, ms })) },
);

/** Scripts at full size: lengths spread over the whole 0..150 range (fast-check's default size would give about 5). */
export const scriptArb = fc.array(stepArb, { maxLength: 150, size: 'max' });

/** Recursively freezes plain data, so that any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
