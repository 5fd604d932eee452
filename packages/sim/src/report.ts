/**
 * The JSON report of a run: totals, latency percentiles, per-member load, the health timeline and
 * time series. It holds nothing from the wall clock, so the same scenario and seed give the same
 * report, byte for byte, including the trace hash.
 *
 * @module
 */
import type { Simulation } from './engine.js';
import type { LatencySummary } from './histogram.js';
import type { FaultMark, TimelineMark } from './metrics.js';

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
  readonly served: number;
  /** Share of the pool's served requests. */
  readonly share: number;
  /** 5xx answers. */
  readonly errors: number;
  readonly failures: { readonly refused: number; readonly reset: number; readonly timeout: number };
  readonly latency: LatencySummary;
}

/**
 * The report of one run.
 *
 * @example
 * ```ts
 * const { report } = simulate(loadScenario('scenarios/seed-lab.json'))
 * report.requests.lost      // 0
 * report.latency.p99        // ms
 * report.pools.static?.members.static2?.share
 * ```
 */
export interface SimReport {
  readonly scenario: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Virtual time when the last in-flight request drained. */
  readonly endedAtMs: number;
  readonly events: number;
  /** 64-bit hash of the trace (see `trace.ts`): equal hashes, equal runs. */
  readonly traceHash: string;
  readonly requests: {
    readonly sent: number;
    readonly served: number;
    readonly errors: number;
    readonly refused: number;
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
  readonly latency: LatencySummary;
  /** Non-empty latency histogram buckets, `[lowerMs, upperMs, count]`. */
  readonly latencyBuckets: readonly (readonly [number, number, number])[];
  readonly pools: Readonly<Record<string, { readonly latency: LatencySummary; readonly members: Readonly<Record<string, MemberReport>> }>>;
  readonly series: {
    readonly bucketMs: number;
    /** Forwards per bucket, per `pool/member`. */
    readonly forwards: Readonly<Record<string, readonly number[]>>;
    readonly served: readonly number[];
    readonly refused: readonly number[];
    readonly meanLatencyMs: readonly number[];
  };
  readonly health: readonly TimelineMark[];
  readonly faults: readonly FaultMark[];
}

function pad(series: readonly number[], n: number): number[] {
  const out = series.slice(0, n);
  while (out.length < n) out.push(0);
  return out;
}

type PoolReports = Record<string, { latency: LatencySummary; members: Record<string, MemberReport> }>;

/** Per-pool and per-member figures, and each member's forwards per bucket. */
function poolReports(sim: Simulation, buckets: number): { pools: PoolReports; forwards: Record<string, number[]> } {
  const forwards: Record<string, number[]> = {};
  const pools: PoolReports = {};
  sim.metrics.pools.forEach((p, pi) => {
    const names = sim.world.pools[pi]!.members;
    const total = p.members.reduce((a, x) => a + x.served, 0);
    const members: Record<string, MemberReport> = {};
    p.members.forEach((x, i) => {
      const id = names[i]!;
      forwards[`${p.name}/${id}`] = pad(x.series, buckets);
      members[id] = {
        forwards: x.forwards,
        served: x.served,
        share: total === 0 ? 0 : x.served / total,
        errors: x.errors,
        failures: { refused: x.refused, reset: x.reset, timeout: x.timeout },
        latency: x.latency.summary(),
      };
    });
    pools[p.name] = { latency: p.latency.summary(), members };
  });
  return { pools, forwards };
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
  const buckets = Math.ceil(sim.now / m.bucketMs) + 1;
  const { pools, forwards } = poolReports(sim, buckets);
  const served = pad(m.servedSeries, buckets);
  const sums = pad(m.latencySumSeries, buckets);
  const refusedBy: Record<string, number> = {};
  for (const [k, v] of [...m.refusedBy].sort((a, b) => (a[0] < b[0] ? -1 : 1))) refusedBy[k] = v;
  return {
    scenario: sim.scenario.name,
    seed: sim.seed,
    durationMs: sim.durationMs,
    warmupMs: sim.warmupMs,
    endedAtMs: sim.now,
    events: sim.events,
    traceHash: sim.tracer.hash.hex(),
    requests: {
      sent: m.sent,
      served: m.served,
      errors: m.errors,
      refused: [...m.refusedBy.values()].reduce((a, b) => a + b, 0),
      refusedBy,
      failovers: m.failovers,
      attemptFailures: { ...m.failures },
      affinityBreaks: m.affinityBreaks,
      lateReplies: m.lateReplies,
      abandoned: m.abandoned,
      lost: m.open,
    },
    latency: m.latency.summary(),
    latencyBuckets: m.latency.buckets(),
    pools,
    series: {
      bucketMs: m.bucketMs,
      forwards,
      served,
      refused: pad(m.refusedSeries, buckets),
      meanLatencyMs: served.map((n, i) => (n === 0 ? 0 : sums[i]! / n)),
    },
    health: m.marks,
    faults: m.faults,
  };
}
