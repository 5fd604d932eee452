/**
 * The pools, health checkers and mounts of a running proxy, as one set that a reload or an
 * operator command changes in place. Requests in flight keep the pool objects they started with;
 * connections of members or pools that went away are closed once those requests had time to end.
 *
 * @module
 */
import { apply, LbkitError } from '@lbkit/core';
import type { ResolvedPool, ResolvedProxyConfig, ResolvedTarget } from './config.js';
import { HealthChecker } from './health-checker.js';
import { type MountRuntime, mountRuntimes } from './mount-runtime.js';
import { type AdminCommand, applyCommand } from './pool-members.js';
import { createUpstream, memberTlsOptions } from './member-tls.js';
import { type InputRecorder, PoolRuntime, type Upstream } from './pool-runtime.js';
import { describeEvent, keepsState, memberEvents, type ReloadResult, restartOnlyChanges } from './reload.js';

/** The pools of a proxy and what serves them. */
export class PoolSet {
  config: ResolvedProxyConfig;
  readonly pools = new Map<string, PoolRuntime>();
  readonly #checkers = new Map<string, HealthChecker>();
  routes: MountRuntime[];
  readonly #record: InputRecorder | null;
  readonly #now: () => number;
  readonly #retiring = new Map<NodeJS.Timeout, readonly Upstream[]>();
  #checking = false;

  constructor(config: ResolvedProxyConfig, record: InputRecorder | null, now: () => number) {
    this.config = config;
    this.#record = record;
    this.#now = now;
    for (const p of Object.values(config.pools)) this.#addPool(p);
    this.routes = mountRuntimes(config.mounts, this.pools);
  }

  #addPool(p: ResolvedPool): void {
    const pool = new PoolRuntime(p, this.#record, this.#now());
    const checker = new HealthChecker(pool, this.#now);
    this.pools.set(p.name, pool);
    this.#checkers.set(p.name, checker);
    if (this.#checking) checker.start();
  }

  pool(name: string): PoolRuntime {
    const p = this.pools.get(name);
    if (p === undefined) throw new LbkitError('LBK_ERR_UNKNOWN_POOL', `no pool named "${name}"`);
    return p;
  }

  startChecks(): void {
    this.#checking = true;
    for (const c of this.#checkers.values()) c.start();
  }

  async checkOnce(pool?: string): Promise<void> {
    if (pool !== undefined) this.pool(pool); // throws on an unknown pool
    const selected = pool === undefined ? [...this.#checkers.values()] : [this.#checkers.get(pool)!];
    await Promise.all(selected.map((c) => c.checkOnce()));
  }

  /** Applies an operator command through the core. */
  command(cmd: AdminCommand): void {
    const pool = this.pool(cmd.pool);
    const gone = applyCommand(pool, cmd, this.#now());
    if (gone !== null) this.#retire([gone], pool.config.timeouts.responseMs);
  }

  /**
   * Replaces the configuration. Pools whose balancing settings did not change keep their core
   * state: members are added, removed or reweighted through core events. Others start afresh.
   */
  reload(next: ResolvedProxyConfig): ReloadResult {
    const reasons = [...restartOnlyChanges(this.config, next), ...this.#dryRun(next)];
    if (reasons.length > 0) return { ok: false, reasons };
    const changes: string[] = [];
    for (const [name, old] of this.pools) {
      if (next.pools[name] === undefined) {
        changes.push(`${name}: pool removed`);
        this.#dropPool(name, old);
      }
    }
    for (const p of Object.values(next.pools)) {
      const old = this.pools.get(p.name);
      if (old === undefined) {
        changes.push(`${p.name}: pool added`);
        this.#addPool(p);
      } else if (!keepsState(old.config, p)) {
        changes.push(`${p.name}: balancing settings changed; the pool starts afresh`);
        this.#dropPool(p.name, old);
        this.#addPool(p);
      } else changes.push(...this.#updatePool(old, p));
    }
    this.routes = mountRuntimes(next.mounts, this.pools);
    this.config = next;
    return { ok: true, changes };
  }

  /** Why `next` cannot be applied to the running pools: unreadable CA files, events the core refuses. */
  #dryRun(next: ResolvedProxyConfig): string[] {
    const reasons: string[] = [];
    for (const p of Object.values(next.pools)) {
      try {
        memberTlsOptions(p);
        const old = this.pools.get(p.name);
        if (old === undefined || !keepsState(old.config, p)) continue;
        let state = old.state;
        for (const e of memberEvents(old.config, p)) state = apply(state, e, this.#now());
      } catch (e) {
        reasons.push((e as Error).message);
      }
    }
    return reasons;
  }

  #updatePool(pool: PoolRuntime, next: ResolvedPool): string[] {
    const events = memberEvents(pool.config, next);
    const now = this.#now();
    const gone: Upstream[] = [];
    for (const e of events) {
      pool.apply(e, now);
      const id = e.type === 'memberAdded' ? e.member.id : e.member;
      if (e.type === 'memberRemoved' && pool.upstreams.has(id)) {
        gone.push(pool.upstreams.get(id)!);
        pool.upstreams.delete(id);
      }
    }
    pool.config = next;
    if (this.#checking) this.#checkers.get(next.name)?.start(); // checks the file just turned on
    for (const t of next.targets) {
      if (!pool.upstreams.has(t.id)) pool.upstreams.set(t.id, createUpstreamFor(pool, t));
    }
    this.#retire(gone, next.timeouts.responseMs);
    return events.map((e) => describeEvent(pool.config.name, e));
  }

  #dropPool(name: string, pool: PoolRuntime): void {
    this.#checkers.get(name)?.stop();
    this.#checkers.delete(name);
    this.pools.delete(name);
    this.#retire([...pool.upstreams.values()], pool.config.timeouts.responseMs);
  }

  /** Closes the connections of upstreams no longer used, after requests on them could finish. */
  #retire(upstreams: readonly Upstream[], afterMs: number): void {
    if (upstreams.length === 0) return;
    const timer = setTimeout(() => {
      this.#retiring.delete(timer);
      for (const u of upstreams) closeUpstream(u);
    }, afterMs);
    timer.unref();
    this.#retiring.set(timer, upstreams);
  }

  close(): void {
    this.#checking = false;
    for (const c of this.#checkers.values()) c.stop();
    for (const [timer, upstreams] of this.#retiring) {
      clearTimeout(timer);
      for (const u of upstreams) closeUpstream(u);
    }
    this.#retiring.clear();
    for (const p of this.pools.values()) p.close();
  }
}

function createUpstreamFor(pool: PoolRuntime, target: ResolvedTarget): Upstream {
  return createUpstream(target, memberTlsOptions(pool.config), () => pool.config.timeouts.connectMs);
}

function closeUpstream(u: Upstream): void {
  u.connections.close();
  u.agent.destroy();
  if (u.probeAgent !== false) u.probeAgent.destroy();
}
