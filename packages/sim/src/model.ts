/**
 * The simulator's runtime model: requests, attempts, servers, balancer instances, sessions and the
 * queue entries that move them. Internal: plain mutable objects with fixed shapes, for speed.
 *
 * @module
 */
import type { Pool } from '@lbkit/core';
import type { Sampler } from './distributions.js';
import type { Rng } from './rng.js';

/** Queue entry kinds (plain constants: they inline, and stay valid under `isolatedModules`). */
export type Kind = number;
export const CLIENT_FIRES = 0;
export const SESSION_FIRES = 1;
export const SERVER_RECEIVES = 2;
export const SERVICE_ENDS = 3;
export const BALANCER_HEARS = 4;
export const HEALTH_TICK = 5;
export const HEALTH_RESULT = 6;
export const FAULT = 7;
export const TIMEOUT = 8;
export const CLIENT_GIVES_UP = 9;

/** Outcome codes carried by a reply: a status when > 0. */
export const REFUSED = -1;
export const RESET = -2;

/** One request from a client, across all its attempts. */
export interface Req {
  readonly id: number;
  readonly client: ClientRt;
  readonly session: Session | null;
  readonly path: number;
  readonly pool: PoolRt;
  readonly balancer: BalancerNode;
  readonly sentAt: number;
  readonly cookie: string | undefined;
  readonly hashKey: string | undefined;
  /** Key of the request's own random draws (its service time), from its client's `work` stream. */
  readonly work: number;
  tried: string[] | null;
  attempts: number;
  /** The attempt in flight, if any. */
  live: Attempt | null;
  /** Served, refused or abandoned. */
  ended: boolean;
}

/**
 * One forward of a request to a member. Ends once: reply, reset or timeout. It carries what its
 * server needs of the request (`work`, `measured`), so that a server starting it late, when the
 * request object has long left the cache, reads one object and not two.
 */
export interface Attempt {
  readonly req: Req;
  readonly member: number;
  readonly server: ServerRt;
  readonly sentAt: number;
  /** The request's `work` key. */
  readonly work: number;
  /** The request was sent after the warm-up (its wait counts). */
  readonly measured: boolean;
  /** Next attempt in its server's queue, while queued. */
  next: Attempt | null;
  /** When it joined its server's queue. */
  queuedAt: number;
  /** The affinity cookie's value to set with the answer, or null. */
  readonly setCookie: string | null;
  done: boolean;
  /** Server epoch when service began (a crash bumps the epoch and voids pending completions). */
  epoch: number;
  /** Index in its server's `inService` list while being served. */
  slot: number;
}

/** Queue places of an unbounded queue: more than memory can hold, and a small integer for V8 (a field holding `Infinity` is a boxed number). */
export const UNBOUNDED = 0x7fffffff;

/** A server: concurrency slots, a FIFO queue (a list through its attempts) and its fault state. */
export interface ServerRt {
  readonly id: string;
  readonly index: number;
  readonly concurrency: number;
  /** Waiting places; {@link UNBOUNDED} when unbounded. */
  readonly queueCap: number;
  readonly service: Sampler;
  /** Error draws of this server. */
  readonly rng: Rng;
  /** Reseeded from each request's `work` key to draw its service time (shared by all servers). */
  readonly jobRng: Rng;
  busy: number;
  /** Attempts being served, in no particular order (removal swaps with the last). */
  /**
   * Attempts being served, the first `busy` places, in no particular order (removal moves the last
   * into the gap). Sized to `concurrency` when the server is built, next to it in memory.
   */
  readonly inService: (Attempt | null)[];
  /** First and last of the attempts waiting for a slot, linked by `next`. */
  waitFirst: Attempt | null;
  waitLast: Attempt | null;
  /** Attempts waiting. */
  waiting: number;
  epoch: number;
  down: boolean;
  refusing: boolean;
  slowFactor: number;
  errorProbability: number;
  errorStatus: number;
}

/** A pool as the simulator sees it: its members' servers and how affinity is carried. */
export interface PoolRt {
  readonly name: string;
  readonly index: number;
  readonly members: readonly string[];
  /** Index of each member id in `members` (a decision names its member by id). */
  readonly memberIndex: ReadonlyMap<string, number>;
  readonly servers: readonly ServerRt[];
  /** Cookie that carries the route, when the pool is sticky. */
  readonly cookie: string | null;
  readonly separator: string;
}

/** One balancer instance: its own core pool handle for every pool. */
export interface BalancerNode {
  readonly index: number;
  /** Replaced once, when recording starts, by handles that record. */
  readonly pools: Pool[];
  /** Last status seen per pool and member: 0 ok, 1 error, 2 down. */
  readonly seen: Uint8Array[];
  /** Servers this instance cannot reach. */
  readonly partitioned: Uint8Array;
}

/** A browser session: a cookie jar and the requests it has left. */
export interface Session {
  readonly id: number;
  readonly client: ClientRt;
  readonly balancer: BalancerNode;
  readonly jar: Map<string, string>;
  /** The `Cookie` header the jar makes, kept up to date when the jar changes. */
  cookie: string | undefined;
  left: number;
}

/** A client population, open-loop or sessions. */
export interface ClientRt {
  readonly name: string;
  readonly index: number;
  readonly rng: Rng;
  /** Draws each request's `work` key. */
  readonly workRng: Rng;
  readonly paths: readonly string[];
  /** Pool of each path (longest matching route prefix). */
  readonly pathPools: readonly PoolRt[];
  /** Cumulative path weights, normalised to end at 1. */
  readonly cumulative: readonly number[];
  readonly open: { readonly poisson: boolean; readonly gapMs: number; readonly hashKeys: number } | null;
  readonly sessions: { readonly count: number; readonly think: Sampler; readonly requests: number } | null;
  /** How long the client waits for an answer; `Infinity` when it never gives up. */
  readonly giveUpMs: number;
}
