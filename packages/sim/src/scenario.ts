/**
 * The scenario format: what a simulation runs. A scenario is JSON (or YAML) data checked by the
 * zod schema below; {@link loadScenario} adds the file name, the path of each problem and a fix.
 *
 * @module
 */
import type { PoolConfig } from '@lbkit/core';
import { z } from 'zod';
import type { Distribution } from './distributions.js';

const ms = z.number().finite().min(0);
const positiveMs = z.number().finite().gt(0);

/**
 * Schema of a {@link Distribution}; `bimodal` nests two others.
 *
 * @example
 * ```ts
 * distributionSchema.parse({ type: 'exponential', meanMs: 20 })
 * ```
 */
export const distributionSchema: z.ZodType<Distribution> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('constant'), ms }),
    z.strictObject({ type: z.literal('exponential'), meanMs: positiveMs }),
    z.strictObject({ type: z.literal('lognormal'), medianMs: positiveMs, sigma: z.number().min(0).max(5) }),
    z.strictObject({
      type: z.literal('bimodal'),
      slowProbability: z.number().min(0).max(1),
      fast: distributionSchema,
      slow: distributionSchema,
    }),
  ]),
);

/** Schema of a server's settings (see {@link ServerSpec}). */
export const serverSchema = z.strictObject({
  /** Requests served at once (worker threads, event-loop slots). */
  concurrency: z.int().min(1).max(100_000),
  /** Requests that may wait for a slot; one more is answered 503 at once. `"unbounded"`: no limit (a queueing model's infinite buffer). */
  queue: z.union([z.int().min(0).max(10_000_000), z.literal('unbounded')]),
  service: distributionSchema,
});

const pathsSchema = z
  .array(z.strictObject({ path: z.string().startsWith('/'), weight: z.number().gt(0).optional() }))
  .min(1);

const openClientSchema = z.strictObject({
  type: z.literal('open'),
  name: z.string().min(1),
  arrivals: z.strictObject({ type: z.enum(['poisson', 'fixed']), ratePerSec: z.number().gt(0).max(10_000_000) }),
  paths: pathsSchema,
  hashKeys: z.int().min(1).optional(),
  /** The client gives up on a request not answered within this time (the balancer abandons it). */
  giveUpMs: positiveMs.optional(),
});

const sessionClientSchema = z.strictObject({
  type: z.literal('sessions'),
  name: z.string().min(1),
  /** Sessions alive at once; a session that ends is replaced by a new one with an empty cookie jar. */
  sessions: z.int().min(1).max(1_000_000),
  // a constant think time of 0 with instant servers would loop forever at one instant
  think: distributionSchema.refine((d) => d.type !== 'constant' || d.ms > 0, { message: 'a constant think time must be > 0 ms' }),
  requestsPerSession: z.int().min(1),
  paths: pathsSchema,
  /** The browser gives up on a request not answered within this time (the balancer abandons it). */
  giveUpMs: positiveMs.optional(),
});

const window = { at: ms, forMs: positiveMs.optional() };
const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('crash'), server: z.string(), ...window }),
  z.strictObject({ kind: z.literal('recover'), server: z.string(), at: ms }),
  z.strictObject({ kind: z.literal('slow'), server: z.string(), factor: z.number().gt(0), ...window }),
  z.strictObject({ kind: z.literal('flap'), server: z.string(), at: ms, forMs: positiveMs, periodMs: z.number().min(1) }),
  z.strictObject({ kind: z.literal('refuse'), server: z.string(), ...window }),
  z.strictObject({
    kind: z.literal('errors'),
    server: z.string(),
    status: z.int().min(500).max(599),
    probability: z.number().min(0).max(1),
    ...window,
  }),
  z.strictObject({ kind: z.literal('partition'), balancer: z.int().min(0), server: z.string(), ...window }),
  z.strictObject({
    kind: z.literal('random'),
    fault: z.enum(['crash', 'refuse', 'slow']),
    servers: z.array(z.string()).min(1),
    mtbfMs: z.number().min(1),
    mttrMs: positiveMs,
    factor: z.number().gt(0).optional(),
    from: ms.optional(),
    until: ms.optional(),
  }),
]);

const balancersSchema = z.strictObject({
  /** Balancer instances in front of the same pools, each with its own core state. */
  count: z.int().min(1).max(64).optional(),
  /** Longest matching prefix wins, like `ProxyPass`. */
  routes: z.array(z.strictObject({ prefix: z.string().startsWith('/'), pool: z.string() })).min(1),
  /** Per-attempt timeout; a late answer is dropped and the request fails over. `"none"`: wait for ever (default 30000). */
  timeoutMs: z.union([positiveMs, z.literal('none')]).optional(),
  healthCheck: z.strictObject({ intervalMs: positiveMs, timeoutMs: positiveMs.optional() }).optional(),
});

/**
 * The schema of a scenario file.
 *
 * @example
 * ```ts
 * const r = scenarioSchema.safeParse(JSON.parse(text))
 * if (!r.success) console.error(r.error.issues)
 * ```
 */
export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  seed: z.int().min(0).max(0xffffffff).optional(),
  /** Clients send new requests until this time; the run then drains what is in flight. */
  durationMs: positiveMs,
  /** Requests sent before this time are not measured. */
  warmupMs: ms.optional(),
  /** Width of one time-series bucket. Default: a hundredth of the duration. */
  bucketMs: positiveMs.optional(),
  /** One-way delay between a balancer and a server. Default: none. */
  network: z.strictObject({ delay: distributionSchema }).optional(),
  pools: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/), z.unknown()),
  serverDefaults: serverSchema,
  servers: z.record(z.string(), serverSchema.partial()).optional(),
  balancers: balancersSchema,
  clients: z.array(z.discriminatedUnion('type', [openClientSchema, sessionClientSchema])).min(1),
  faults: z.array(faultSchema).optional(),
});

/**
 * A validated scenario (pools are still raw: they are checked by the core's own validator).
 *
 * @example
 * ```ts
 * const data: ScenarioData = scenarioSchema.parse(json)
 * ```
 */
export type ScenarioData = z.infer<typeof scenarioSchema>;

/**
 * A validated scenario whose pools are core {@link PoolConfig}s.
 *
 * @example
 * ```ts
 * const s: Scenario = loadScenario('scenarios/seed-lab.json')
 * s.pools.static?.sticky?.cookie // 'ROUTEID'
 * ```
 */
export type Scenario = Omit<ScenarioData, 'pools'> & { readonly pools: Readonly<Record<string, PoolConfig>> };

/**
 * One server's settings, as the scenario gives them.
 *
 * @example
 * ```ts
 * const s: ServerSpec = { concurrency: 8, queue: 100, service: { type: 'exponential', meanMs: 25 } }
 * ```
 */
export type ServerSpec = z.infer<typeof serverSchema>;

/**
 * One client population, open-loop or sessions.
 *
 * @example
 * ```ts
 * const browsers: ClientSpec = { type: 'sessions', name: 'browsers', sessions: 50, think: { type: 'exponential', meanMs: 800 }, requestsPerSession: 20, paths: [{ path: '/' }] }
 * ```
 */
export type ClientSpec = ScenarioData['clients'][number];

/**
 * One fault, as written.
 *
 * @example
 * ```ts
 * const f: FaultSpec = { kind: 'crash', server: 'static2', at: 120_000, forMs: 180_000 }
 * ```
 */
export type FaultSpec = NonNullable<ScenarioData['faults']>[number];
