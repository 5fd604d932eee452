/**
 * The JSON report of a run: totals, latency percentiles, per-member load, the health timeline and
 * time series. It holds nothing from the wall clock, so the same scenario and seed give the same
 * report, byte for byte, including the trace hash.
 *
 * @module
 */
import type { Simulation } from './engine.js';
import type { LatencySummary } from './histogram.js';
import type { Level } from './level.js';
import type { FaultMark, TimelineMark } from './metrics.js';
import { predict, type TheoryPrediction } from './theory-match.js';

/**
 * One member's share of a pool's work.
 *
 * @example
 * ```ts
 * report.pools.static?.members.static2?.share // 0.235
 * ```
 */
export interface MemberReport {
  readonly forwards: number;
  /** Answers of any status (successes and 5xx). */
  readonly served: number;
  /** Answers below 500. */
  readonly succeeded: number;
  /** Share of the pool's answers. */
  readonly share: number;
  /** 5xx answers. */
  readonly errors: number;
  readonly failures: { readonly refused: number; readonly reset: number; readonly timeout: number };
  /** Latency of successful answers. */
  readonly latency: LatencySummary;
  /** Time-averaged attempts in flight to this member over [warm-up, horizon]. */
  readonly meanInFlight: number;
}

/**
 * One server's occupancy over [warm-up, horizon].
 *
 * @example
 * ```ts
 * report.servers.s1?.utilisation // 0.9
 * ```
 */
export interface ServerReport {
  readonly concurrency: number;
  /** Mean busy slots / concurrency. */
  readonly utilisation: number;
  /** Time-averaged requests waiting for a slot (Lq). */
  readonly meanQueueLength: number;
  /** Time-averaged requests waiting or in service (L). */
  readonly meanInSystem: number;
  /** Mean time from arrival to start of service (Wq), ms. */
  readonly meanWaitMs: number;
}

/**
 * The report of one run.
 *
 * @example
 * ```ts
 * const { report } = simulate(loadScenario('scenarios/seed-lab.json'))
 * report.requests.lost      // 0
 * report.latency.p99        // ms, successful answers
 * report.pools.static?.members.static2?.share
 * ```
 */
export interface SimReport {
  readonly scenario: string;
  readonly seed: number;
  readonly replication: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Virtual time when the last in-flight request drained. */
  readonly endedAtMs: number;
  readonly events: number;
  /** 64-bit hash of the trace (see `trace.ts`): equal hashes, equal runs. */
  readonly traceHash: string;
  /**
   * Requests sent after the warm-up, by outcome. `succeeded + errors + refused + timedOut +
   * abandoned + lost = sent`; `served = succeeded + errors` (answered by a member).
   */
  readonly requests: {
    readonly sent: number;
    readonly served: number;
    readonly succeeded: number;
    readonly errors: number;
    /** The balancer answered itself: no usable member (by core reason in `refusedBy`, with timeouts). */
    readonly refused: number;
    /** The last attempt timed out (a proxy answers 504). */
    readonly timedOut: number;
    readonly refusedBy: Readonly<Record<string, number>>;
    readonly failovers: number;
    readonly attemptFailures: { readonly refused: number; readonly reset: number; readonly timeout: number; readonly protocol: number };
    readonly affinityBreaks: number;
    readonly lateReplies: number;
    /** Requests whose client gave up (`giveUpMs`). */
    readonly abandoned: number;
    /** Requests that never ended: 0 unless the model is broken. */
    readonly lost: number;
  };
  /** Latency of successful answers. */
  readonly latency: LatencySummary;
  /** Time in system of every answered request (successes, 5xx, refusals, timeouts). */
  readonly sojourn: LatencySummary;
  /** Non-empty buckets of the success-latency histogram, `[lowerMs, upperMs, count]`. */
  readonly latencyBuckets: readonly (readonly [number, number, number])[];
  /** Queueing figures over [warm-up, horizon], summed over servers where it is a count. */
  readonly queueing: {
    /** Successful answers per second. */
    readonly throughputPerSec: number;
    readonly meanQueueLength: number;
    readonly meanInSystem: number;
    readonly meanWaitMs: number;
    /** Busy slots / all slots. */
    readonly utilisation: number;
  };
  readonly pools: Readonly<Record<string, { readonly latency: LatencySummary; readonly members: Readonly<Record<string, MemberReport>> }>>;
  readonly servers: Readonly<Record<string, ServerReport>>;
  /**
   * Curves up to the horizon (`durationMs`), one value per bucket; the last bucket may be shorter
   * (`lastBucketMs`). Counts are per bucket; levels are time averages over the bucket.
   */
  readonly series: {
    readonly bucketMs: number;
    readonly lastBucketMs: number;
    /** Forwards per bucket, per `pool/member`. */
    readonly forwards: Readonly<Record<string, readonly number[]>>;
    /** Mean attempts in flight, per `pool/member`. */
    readonly inFlight: Readonly<Record<string, readonly number[]>>;
    /** Mean requests waiting, per server. */
    readonly queued: Readonly<Record<string, readonly number[]>>;
    /** Mean busy slots / concurrency, per server. */
    readonly utilisation: Readonly<Record<string, readonly number[]>>;
    readonly succeeded: readonly number[];
    readonly errors: readonly number[];
    readonly refused: readonly number[];
    readonly timedOut: readonly number[];
    readonly abandoned: readonly number[];
    /** Mean latency of the successes that ended in each bucket. */
    readonly meanLatencyMs: readonly number[];
  };
  /** The queueing model this scenario matches and its prediction, when it matches one. */
  readonly theory: TheoryPrediction | null;
  readonly health: readonly TimelineMark[];
  readonly faults: readonly FaultMark[];
}

function pad(series: readonly number[], n: number): number[] {
  const out = series.slice(0, n);
  while (out.length < n) out.push(0);
  return out;
}

/** Widths of the `n` buckets up to the horizon. */
function widths(n: number, bucketMs: number, horizonMs: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.min(bucketMs, horizonMs - i * bucketMs));
}

function averages(level: Level, w: readonly number[], scale = 1): number[] {
  return pad(level.bucketArea, w.length).map((a, i) => +(a / w[i]! / scale).toPrecision(6));
}

type PoolReports = Record<string, { latency: LatencySummary; members: Record<string, MemberReport> }>;

/** Per-pool and per-member figures, and each member's forwards and in-flight per bucket. */
function poolReports(sim: Simulation, w: readonly number[], windowMs: number) {
  const forwards: Record<string, number[]> = {};
  const inFlight: Record<string, number[]> = {};
  const pools: PoolReports = {};
  sim.metrics.pools.forEach((p, pi) => {
    const names = sim.world.pools[pi]!.members;
    const total = p.members.reduce((a, x) => a + x.succeeded + x.errors, 0);
    const members: Record<string, MemberReport> = {};
    p.members.forEach((x, i) => {
      const id = names[i]!;
      forwards[`${p.name}/${id}`] = pad(x.series, w.length);
      inFlight[`${p.name}/${id}`] = averages(x.inFlight, w);
      const served = x.succeeded + x.errors;
      members[id] = {
        forwards: x.forwards,
        served,
        succeeded: x.succeeded,
        share: total === 0 ? 0 : served / total,
        errors: x.errors,
        failures: { refused: x.refused, reset: x.reset, timeout: x.timeout },
        latency: x.latency.summary(),
        meanInFlight: windowMs > 0 ? x.inFlight.windowArea / windowMs : 0,
      };
    });
    pools[p.name] = { latency: p.latency.summary(), members };
  });
  return { pools, forwards, inFlight };
}

function serverReports(sim: Simulation, w: readonly number[], windowMs: number) {
  const servers: Record<string, ServerReport> = {};
  const queued: Record<string, number[]> = {};
  const utilisation: Record<string, number[]> = {};
  for (const s of sim.metrics.servers) {
    queued[s.id] = averages(s.queued, w);
    utilisation[s.id] = averages(s.busy, w, s.concurrency);
    const busy = windowMs > 0 ? s.busy.windowArea / windowMs : 0;
    const q = windowMs > 0 ? s.queued.windowArea / windowMs : 0;
    servers[s.id] = {
      concurrency: s.concurrency,
      utilisation: busy / s.concurrency,
      meanQueueLength: q,
      meanInSystem: busy + q,
      meanWaitMs: s.waitCount === 0 ? 0 : s.waitSum / s.waitCount,
    };
  }
  return { servers, queued, utilisation };
}

function queueing(sim: Simulation, windowMs: number): SimReport['queueing'] {
  const ss = sim.metrics.servers;
  const sum = (f: (s: (typeof ss)[number]) => number) => ss.reduce((a, s) => a + f(s), 0);
  const per = (a: number) => (windowMs > 0 ? a / windowMs : 0);
  const waits = sum((s) => s.waitCount);
  return {
    throughputPerSec: per(sim.metrics.succeeded) * 1000,
    meanQueueLength: per(sum((s) => s.queued.windowArea)),
    meanInSystem: per(sum((s) => s.queued.windowArea + s.busy.windowArea)),
    meanWaitMs: waits === 0 ? 0 : sum((s) => s.waitSum) / waits,
    utilisation: per(sum((s) => s.busy.windowArea)) / Math.max(1, sum((s) => s.concurrency)),
  };
}

/**
 * The report of a finished (or paused) simulation.
 *
 * @example
 * ```ts
 * sim.run()
 * writeFileSync('report.json', JSON.stringify(buildReport(sim), null, 2))
 * ```
 */
export function buildReport(sim: Simulation): SimReport {
  const m = sim.metrics;
  m.settle(sim.now);
  const n = Math.max(1, Math.ceil(sim.durationMs / m.bucketMs - 1e-9));
  const w = widths(n, m.bucketMs, sim.durationMs);
  const windowMs = Math.max(0, sim.durationMs - sim.warmupMs);
  const { pools, forwards, inFlight } = poolReports(sim, w, windowMs);
  const { servers, queued, utilisation } = serverReports(sim, w, windowMs);
  const o = m.outcomeSeries;
  const succeeded = pad(o.succeeded, n);
  const sums = pad(m.latencySumSeries, n);
  const refusedBy: Record<string, number> = {};
  for (const [k, v] of [...m.refusedBy].sort((a, b) => (a[0] < b[0] ? -1 : 1))) refusedBy[k] = v;
  const refusals = [...m.refusedBy.values()].reduce((a, b) => a + b, 0);
  return {
    scenario: sim.scenario.name,
    seed: sim.seed,
    replication: sim.replication,
    durationMs: sim.durationMs,
    warmupMs: sim.warmupMs,
    endedAtMs: sim.now,
    events: sim.events,
    traceHash: sim.tracer.hash.hex(),
    requests: {
      sent: m.sent,
      served: m.succeeded + m.errors,
      succeeded: m.succeeded,
      errors: m.errors,
      refused: refusals - m.timedOut,
      timedOut: m.timedOut,
      refusedBy,
      failovers: m.failovers,
      attemptFailures: { ...m.failures },
      affinityBreaks: m.affinityBreaks,
      lateReplies: m.lateReplies,
      abandoned: m.abandoned,
      lost: m.open,
    },
    latency: m.latency.summary(),
    sojourn: m.sojourn.summary(),
    latencyBuckets: m.latency.buckets(),
    queueing: queueing(sim, windowMs),
    pools,
    servers,
    series: {
      bucketMs: m.bucketMs,
      lastBucketMs: w[n - 1]!,
      forwards,
      inFlight,
      queued,
      utilisation,
      succeeded,
      errors: pad(o.errors, n),
      refused: pad(o.refused, n),
      timedOut: pad(o.timedOut, n),
      abandoned: pad(o.abandoned, n),
      meanLatencyMs: succeeded.map((c, i) => (c === 0 ? 0 : sums[i]! / c)),
    },
    theory: predict(sim.scenario),
    health: m.marks,
    faults: m.faults,
  };
}
