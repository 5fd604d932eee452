/**
 * What the user sets: the scenario of a playground run, as plain data that fits in a URL. Every
 * number is clamped to a range the page can simulate smoothly, so a hand-edited link cannot hang it.
 *
 * @module
 */

/** The lbmethods the playground offers (the core's methods but `hash` keyed by client). */
export const METHOD_NAMES = ['byrequests', 'bybusyness', 'random', 'p2c', 'hash'] as const;

/** One of {@link METHOD_NAMES}. */
export type MethodName = (typeof METHOD_NAMES)[number];

/** One member (server) as set: its lbfactor and how fast it serves relative to the others. */
export interface MemberSetting {
  /** lbfactor, 1 to 100. */
  readonly weight: number;
  /** Service speed: 2 serves twice as fast as 1. 0.1 to 10. */
  readonly speed: number;
}

/** A whole playground scenario. */
export interface Settings {
  readonly method: MethodName;
  readonly members: readonly MemberSetting[];
  /** Mean service time of a speed-1 member, ms. */
  readonly serviceMs: number;
  /** Requests one member serves at once; the rest wait in its queue. */
  readonly concurrency: number;
  /** Balancer instances in front of the same members, each with its own state (herding shows with several). */
  readonly balancers: number;
  /** Open-loop arrivals per second (0: none). */
  readonly rate: number;
  /** Poisson (random gaps) or fixed (evenly spaced) arrivals. */
  readonly arrivals: 'poisson' | 'fixed';
  /** Distinct clients of the open-loop traffic (what `hash` hashes). */
  readonly clients: number;
  /** Browser sessions with a cookie jar, alive at once (0: none). */
  readonly sessions: number;
  /** Mean think time of a session between requests, ms. */
  readonly thinkMs: number;
  /** Sticky sessions on the cookie ROUTEID (route after the dot). */
  readonly sticky: boolean;
  /** How long a member in error state waits before it is tried again (Apache retry), ms. */
  readonly retryMs: number;
  /** Consecutive failures that put a member in error state. */
  readonly failuresBeforeError: number;
  /** Per-attempt timeout of the balancer, ms. */
  readonly timeoutMs: number;
  /** Apache forcerecovery: when every member is in error, use them all again. */
  readonly forceRecovery: boolean;
  /** Clients stop sending at this time; the run then drains. ms. */
  readonly durationMs: number;
  readonly seed: number;
}

/** A click on a member, at a time of the run. */
export interface Action {
  readonly at: number;
  readonly member: number;
  readonly kind: ActionKind;
}

/** What a click does to a member. */
export type ActionKind = 'kill' | 'slow' | 'drain' | 'restart';

/** The action kinds, for parsing. */
export const ACTION_KINDS: readonly ActionKind[] = ['kill', 'slow', 'drain', 'restart'];

/** How much slower a slowed member serves. */
export const SLOW_FACTOR = 5;

/** The most members the page draws. */
export const MAX_MEMBERS = 10;

/** The settings a fresh page starts with: three alike members, round robin. */
export const DEFAULT_SETTINGS: Settings = {
  method: 'byrequests',
  members: [
    { weight: 1, speed: 1 },
    { weight: 1, speed: 1 },
    { weight: 1, speed: 1 },
  ],
  serviceMs: 20,
  concurrency: 8,
  balancers: 1,
  rate: 100,
  arrivals: 'poisson',
  clients: 50,
  sessions: 0,
  thinkMs: 500,
  sticky: false,
  retryMs: 10_000,
  failuresBeforeError: 1,
  timeoutMs: 2_000,
  forceRecovery: false,
  durationMs: 120_000,
  seed: 1,
};

function clamp(v: unknown, lo: number, hi: number, fallback: number, whole = false): number {
  const n = typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  const c = Math.min(hi, Math.max(lo, n));
  return whole ? Math.round(c) : c;
}

function memberOf(v: unknown): MemberSetting {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  return { weight: clamp(o['weight'], 1, 100, 1, true), speed: clamp(o['speed'], 0.1, 10, 1) };
}

/** Requests a run may send, so that a whole run (side by side, a share link) stays a few seconds of work. */
export const MAX_REQUESTS = 1_000_000;

/** The longest duration that keeps a run under {@link MAX_REQUESTS} (sessions send about one request per think time). */
function longestRun(rate: number, sessions: number, thinkMs: number): number {
  const perSec = rate + (sessions * 1000) / thinkMs;
  return Math.max(1_000, Math.floor((MAX_REQUESTS / Math.max(perSec, 1e-9)) * 1000));
}

/**
 * Settings from untrusted data (a URL, a preset): unknown fields dropped, missing ones defaulted,
 * numbers clamped.
 */
export function settingsOf(input: unknown): Settings {
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  const sessions = clamp(o['sessions'], 0, 5_000, d.sessions, true);
  const rate = clamp(o['rate'], 0, 5_000, d.rate);
  const members = Array.isArray(o['members']) && o['members'].length > 0 ? o['members'].slice(0, MAX_MEMBERS).map(memberOf) : d.members;
  return {
    method: METHOD_NAMES.includes(o['method'] as MethodName) ? (o['method'] as MethodName) : d.method,
    members,
    serviceMs: clamp(o['serviceMs'], 0.1, 5_000, d.serviceMs),
    concurrency: clamp(o['concurrency'], 1, 1_000, d.concurrency, true),
    balancers: clamp(o['balancers'], 1, 16, d.balancers, true),
    rate: rate === 0 && sessions === 0 ? 1 : rate, // some traffic, or the run would be empty
    arrivals: o['arrivals'] === 'fixed' ? 'fixed' : 'poisson',
    clients: clamp(o['clients'], 1, 100_000, d.clients, true),
    sessions,
    thinkMs: clamp(o['thinkMs'], 1, 60_000, d.thinkMs),
    sticky: o['sticky'] === true,
    retryMs: clamp(o['retryMs'], 0, 600_000, d.retryMs),
    failuresBeforeError: clamp(o['failuresBeforeError'], 1, 100, d.failuresBeforeError, true),
    timeoutMs: clamp(o['timeoutMs'], 1, 600_000, d.timeoutMs),
    forceRecovery: o['forceRecovery'] === true,
    durationMs: Math.min(clamp(o['durationMs'], 1_000, 3_600_000, d.durationMs), longestRun(rate, sessions, clamp(o['thinkMs'], 1, 60_000, d.thinkMs))),
    seed: clamp(o['seed'], 0, 0xffffffff, d.seed, true),
  };
}

/** Actions from untrusted data: valid ones only, in time order, at most 200. */
export function actionsOf(input: unknown, members: number): Action[] {
  if (!Array.isArray(input)) return [];
  const out: Action[] = [];
  for (const a of input.slice(0, 200)) {
    const o = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
    const kind = o['kind'] as ActionKind;
    const member = o['member'];
    if (!ACTION_KINDS.includes(kind) || typeof member !== 'number' || !Number.isInteger(member) || member < 0 || member >= members) continue;
    out.push({ at: clamp(o['at'], 0, 3_600_000, 0), member, kind });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The member's letter: A, B, C... (the lessons speak of members by letter). */
export function memberName(i: number): string {
  return String.fromCharCode(65 + i);
}
