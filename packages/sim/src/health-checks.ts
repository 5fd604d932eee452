/**
 * Active health checks (Apache mod_proxy_hcheck): every balancer instance checks every member of
 * every pool each `intervalMs`. A check fails when the server is down or refusing, or answers an
 * error; it times out when the instance is cut off from the server.
 *
 * @module
 */
import { applyTo } from './balancer-node.js';
import type { Simulation } from './engine.js';
import { HEALTH_RESULT, HEALTH_TICK } from './model.js';

const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

/** Schedules the first round of checks, if the scenario asks for them. */
export function startHealthChecks(sim: Simulation): void {
  const hc = sim.scenario.balancers.healthCheck;
  if (hc === undefined) return;
  const pools = sim.world.pools.length;
  for (const b of sim.world.balancers) {
    for (let p = 0; p < pools; p++) sim.schedule(hc.intervalMs, HEALTH_TICK, b.index * pools + p, 0, null);
  }
}

/** One instance checks every member of one pool. `target` is `balancer · pools + pool`. */
export function healthTick(sim: Simulation, target: number): void {
  const hc = sim.scenario.balancers.healthCheck!;
  const pools = sim.world.pools.length;
  const bal = sim.world.balancers[Math.floor(target / pools)]!;
  const pool = sim.world.pools[target % pools]!;
  pool.servers.forEach((server, i) => {
    if (bal.partitioned[server.index] === 1) {
      sim.schedule(sim.now + (hc.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS), HEALTH_RESULT, target, i * 2, null);
      return;
    }
    const p = server.errorProbability;
    const ok = !server.down && !server.refusing && !(p > 0 && sim.healthRng.next() < p);
    sim.schedule(sim.now + sim.delay() + sim.delay(), HEALTH_RESULT, target, i * 2 + (ok ? 1 : 0), null);
  });
  if (sim.now + hc.intervalMs < sim.durationMs) sim.schedule(sim.now + hc.intervalMs, HEALTH_TICK, target, 0, null);
}

/** A check's verdict reaches its instance. `num` is `member · 2 + ok`. */
export function healthResult(sim: Simulation, target: number, num: number): void {
  const pools = sim.world.pools.length;
  const bal = sim.world.balancers[Math.floor(target / pools)]!;
  const p = target % pools;
  const member = num >> 1;
  const id = sim.world.pools[p]!.members[member]!;
  applyTo(sim, bal, p, member, { type: 'healthChecked', member: id, ok: (num & 1) === 1 });
}
