/**
 * One fault run: members behind the proxy, a warm-up to take a baseline of the proxy's descriptors
 * and memory, then steady load while a seeded driver kills (-9) and restarts members, hangs them,
 * makes them reset mid-response, answer 5xx, or flap; then everything healed, and the baseline
 * compared. At most all members but one are under a fault at any time. The report says what every
 * request became and what the members executed.
 */
import { freePort, Member, type MemberMode, ProxyProcess, workDir } from './fleet.js';
import { type Outcome, rng, steadyLoad } from './load.js';

export interface FaultOptions {
  readonly members: number;
  readonly clients: number;
  readonly warmupMs: number;
  readonly faultMs: number;
  readonly seed: number;
}

export type FaultKind = 'kill -9' | 'hang' | 'reset mid-response' | '5xx' | 'flap';

export interface FaultReport {
  readonly options: FaultOptions;
  readonly outcomes: Outcome[];
  readonly faults: Record<FaultKind, number>;
  /** Non-idempotent request ids executed more than once, with their count. */
  readonly duplicated: [string, number][];
  /** Idempotent request ids executed more than once (allowed: retries). */
  readonly retriedIdempotent: number;
  /** GETs that failed for want of a reachable member while some member was up and healthy. */
  readonly refusedWhileUp: Outcome[];
  readonly baseline: { fds: number; rss: number };
  readonly final: { fds: number; rss: number };
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const NOT_RESENDABLE = new Set(['POST', 'PATCH']);
/** Answers that mean "no member could be reached" rather than a member's own failure. */
const REFUSED = new Set(['upstream-refused', 'all-down', 'attempts-exhausted']);

/** Polls the proxy's descriptors until two readings 250 ms apart agree (idle connections closed). */
async function settled(proxy: ProxyProcess): Promise<{ fds: number; rss: number }> {
  let last = await proxy.stats();
  for (let i = 0; i < 40; i++) {
    await delay(250);
    const now = await proxy.stats();
    if (now.fds === last.fds && i >= 6) return now;
    last = now;
  }
  return last;
}

/** How many members are under a fault now: drivers keep at least one member healthy. */
interface Budget {
  faulty: number;
  readonly max: number;
}

/** The fault driver of one member: one fault at a time, each healed before the next. */
async function drive(m: Member, running: () => boolean, seed: number, faults: Record<FaultKind, number>, budget: Budget): Promise<void> {
  const random = rng(seed);
  const between = (a: number, b: number): number => a + Math.floor(random() * (b - a));
  const modes: [FaultKind, MemberMode][] = [
    ['hang', 'hang'],
    ['reset mid-response', 'reset'],
    ['5xx', '5xx'],
  ];
  while (running()) {
    await delay(between(100, 500));
    if (budget.faulty >= budget.max) continue;
    budget.faulty++;
    const r = random();
    if (r < 0.35) {
      faults['kill -9']++;
      await m.kill();
      await delay(between(200, 800));
      await m.start();
    } else if (r < 0.5) {
      faults.flap++;
      for (let i = 0; i < 3; i++) {
        await m.kill();
        await delay(between(30, 120));
        await m.start();
        await delay(between(30, 120));
      }
    } else {
      const [kind, mode] = modes[Math.floor(random() * modes.length)]!;
      faults[kind]++;
      m.setMode(mode);
      await delay(between(300, 900));
      m.setMode('ok');
    }
    budget.faulty--;
  }
}

function judge(outcomes: Outcome[], members: Member[]): Pick<FaultReport, 'duplicated' | 'retriedIdempotent' | 'refusedWhileUp'> {
  const runs = new Map<string, number>();
  const methods = new Map(outcomes.map((o) => [o.id, o.method]));
  for (const m of members) for (const e of m.executions()) runs.set(e.id, (runs.get(e.id) ?? 0) + 1);
  const duplicated: [string, number][] = [];
  let retriedIdempotent = 0;
  for (const [id, n] of runs) {
    if (n < 2) continue;
    if (NOT_RESENDABLE.has(methods.get(id) ?? '')) duplicated.push([id, n]);
    else retriedIdempotent++;
  }
  const refusedWhileUp = outcomes.filter((o) => o.method === 'GET' && o.reason !== null && REFUSED.has(o.reason) && members.some((m) => m.okThroughout(o.start, o.end)));
  return { duplicated, retriedIdempotent, refusedWhileUp };
}

/** Runs the scenario; every process it starts is stopped before it resolves. */
export async function runFaults(options: FaultOptions): Promise<FaultReport> {
  const work = workDir();
  const ports = await Promise.all(Array.from({ length: options.members }, () => freePort()));
  const members = ports.map((p, i) => new Member(`m${i + 1}`, p, work.dir));
  let proxy: ProxyProcess | null = null;
  try {
    await Promise.all(members.map((m) => m.start()));
    proxy = await ProxyProcess.start({
      listen: [{ host: '127.0.0.1', port: 0 }],
      mounts: [{ prefix: '/', pool: 'p' }],
      pools: {
        p: {
          health: { retryMs: 0, failOnStatus: [503] },
          timeouts: { connectMs: 500, responseMs: 800, idleMs: 800 },
          holdBodyBytes: 65_536,
          members: members.map((m) => ({ id: m.id, url: `http://127.0.0.1:${m.port}` })),
        },
      },
    });
    const port = proxy.port;
    let warm = true;
    const warmup = steadyLoad(port, options.clients, () => warm, options.seed, 'w');
    await delay(options.warmupMs);
    warm = false;
    await warmup;
    const baseline = await settled(proxy);
    const faults: Record<FaultKind, number> = { 'kill -9': 0, hang: 0, 'reset mid-response': 0, '5xx': 0, flap: 0 };
    let on = true;
    const budget: Budget = { faulty: 0, max: options.members - 1 };
    const driver = Promise.all(members.map((m, i) => drive(m, () => on, options.seed + 7919 * (i + 1), faults, budget)));
    const load = steadyLoad(port, options.clients, () => on, options.seed, 'q');
    await delay(options.faultMs);
    on = false;
    const [outcomes] = await Promise.all([load, driver]);
    for (const m of members) m.setMode('ok');
    const final = await settled(proxy);
    return { options, outcomes, faults, ...judge(outcomes, members), baseline, final };
  } finally {
    await proxy?.stop();
    await Promise.all(members.map((m) => m.kill()));
    work.dispose();
  }
}

/** The report as a table, for the log. */
export function formatReport(r: FaultReport): string {
  const o = r.outcomes;
  const count = (f: (x: Outcome) => boolean): number => o.filter(f).length;
  const causes = new Map<string, [number, number]>();
  for (const x of o) {
    if (x.status >= 200 && x.status < 500 && x.complete) continue;
    const k = x.status === 0 ? `lost (${x.error})` : !x.complete && x.status < 500 ? `${x.status} cut mid-response` : `${x.status} ${x.reason ?? 'from the member'}`;
    const c = causes.get(k) ?? [0, 0];
    c[0]++;
    if (x.method === 'GET') c[1]++;
    causes.set(k, c);
  }
  const mb = (b: number): string => (b / 1_048_576).toFixed(1);
  const rows: [string, string | number][] = [
    ['requests', o.length],
    ['  GET / POST / PATCH / PUT', ['GET', 'POST', 'PATCH', 'PUT'].map((m) => count((x) => x.method === m)).join(' / ')],
    ['faults injected', Object.entries(r.faults).map(([k, n]) => `${k} ${n}`).join(', ')],
    ['answered whole (2xx-4xx)', count((x) => x.status >= 200 && x.status < 500 && x.complete)],
    ['not (by cause)', 'count (of which GET)'],
    ...[...causes].sort((a, b) => b[1][0] - a[1][0]).map(([k, [n, g]]): [string, string] => [`  ${k}`, `${n} (GET ${g})`]),
    ['lost (no status line)', count((x) => x.status === 0)],
    ['duplicated non-idempotent executions', r.duplicated.length],
    ['idempotent requests executed twice (retries)', r.retriedIdempotent],
    ['GETs refused while a member was up', r.refusedWhileUp.length],
    ['proxy fds: baseline → after', `${r.baseline.fds} → ${r.final.fds}`],
    ['proxy RSS MB: baseline → after', `${mb(r.baseline.rss)} → ${mb(r.final.rss)}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
