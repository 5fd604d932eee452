/**
 * Active health checks (Apache mod_proxy_hcheck): every interval, a `GET` on each member of a pool
 * on a fresh connection; each verdict goes to the core as a `healthChecked` event, and the core's
 * rise and fall counters decide when a member leaves or rejoins the pool.
 *
 * @module
 */
import { type Agent, request } from 'node:http';
import type { ResolvedTarget } from './config.js';
import type { PoolRuntime } from './pool-runtime.js';

type CheckSettings = NonNullable<PoolRuntime['config']['healthCheck']>;

function passes(status: number, expect: readonly number[] | null): boolean {
  return expect === null ? status >= 200 && status < 400 : expect.includes(status);
}

/**
 * One check of one member: resolves true when it answered an expected status within the timeout.
 * Never rejects.
 */
export function probe(target: ResolvedTarget, settings: CheckSettings, agent: Agent | false = false): Promise<boolean> {
  return new Promise((resolve) => {
    const path = target.basePath + settings.path.slice(1);
    const req = request({ host: target.host, port: target.port, path, method: 'GET', agent, headers: { 'User-Agent': 'lbkit-health-check' } });
    const timer = setTimeout(() => req.destroy(new Error('health check timeout')), settings.timeoutMs);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve(passes(res.statusCode ?? 0, settings.expectStatus));
      });
      res.on('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    req.end();
  });
}

/**
 * Runs a pool's health checks on its interval and reports each result to the core.
 *
 * @remarks
 * Rounds never overlap: the next one is scheduled when the previous one finished.
 */
export class HealthChecker {
  readonly #pool: PoolRuntime;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #stopped = true;

  constructor(pool: PoolRuntime, now: () => number) {
    this.#pool = pool;
    this.#now = now;
  }

  /** Checks every member once, now, and applies the results. */
  async checkOnce(): Promise<void> {
    const settings = this.#pool.config.healthCheck;
    if (settings === null) return;
    const targets = this.#pool.config.targets;
    const results = await Promise.all(targets.map((t) => probe(t, settings, this.#pool.upstreams.get(t.id)?.probeAgent ?? false)));
    targets.forEach((t, i) => this.#pool.apply({ type: 'healthChecked', member: t.id, ok: results[i]! }, this.#now()));
  }

  /** Starts checking: a first round now, then one every interval. No-op when the pool has no checks. */
  start(): void {
    const settings = this.#pool.config.healthCheck;
    if (settings === null || !this.#stopped) return;
    this.#stopped = false;
    const round = (): void => {
      void this.checkOnce().then(() => {
        if (this.#stopped) return;
        // a reload may have changed the interval (or turned checks off: rounds then do nothing)
        this.#timer = setTimeout(round, this.#pool.config.healthCheck?.intervalMs ?? settings.intervalMs);
        this.#timer.unref();
      });
    };
    round();
  }

  /** Stops checking; a round in progress still reports its results. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
