/**
 * Servers: a request is refused when the server is down or refusing, served when a slot is free,
 * queued when the queue has room, and answered 503 at once otherwise. Faults change how they behave.
 *
 * @module
 */
import type { Simulation } from './engine.js';
import type { FaultAction } from './faults.js';
import { type Attempt, BALANCER_HEARS, REFUSED, RESET, SERVICE_ENDS, type ServerRt } from './model.js';

/** Sends an answer (a status, or {@link REFUSED}/{@link RESET}) back to the attempt's balancer, unless cut off. */
export function reply(sim: Simulation, attempt: Attempt, code: number): void {
  if (attempt.req.balancer.partitioned[attempt.server.index] === 1) return; // lost: the balancer's timeout will fire
  sim.schedule(sim.now + sim.delay(), BALANCER_HEARS, 0, code, attempt);
}

function startService(sim: Simulation, server: ServerRt, attempt: Attempt, waited: number): void {
  server.busy++;
  const m = sim.metrics;
  m.busy.step(server.index, sim.now, 1);
  if (attempt.measured) {
    m.waits[server.index * 2]! += waited;
    m.waits[server.index * 2 + 1]!++;
  }
  attempt.slot = server.busy - 1; // counted in busy just above
  server.inService[attempt.slot] = attempt;
  attempt.epoch = server.epoch;
  server.jobRng.reseed(attempt.work);
  const duration = server.service(server.jobRng) * server.slowFactor;
  sim.schedule(sim.now + duration, SERVICE_ENDS, 0, server.epoch, attempt);
}

/** An attempt reaches its server. */
export function serverReceives(sim: Simulation, attempt: Attempt): void {
  const server = attempt.server;
  if (server.down || server.refusing) return reply(sim, attempt, REFUSED);
  if (server.busy < server.concurrency) return startService(sim, server, attempt, 0);
  if (server.waiting < server.queueCap) {
    attempt.queuedAt = sim.now;
    if (server.waitLast === null) server.waitFirst = attempt;
    else server.waitLast.next = attempt;
    server.waitLast = attempt;
    server.waiting++;
    sim.metrics.queued.step(server.index, sim.now, 1);
    return;
  }
  reply(sim, attempt, 503);
}

/** A server finishes one request (unless it crashed since: then `epoch` is stale). */
export function serviceEnds(sim: Simulation, attempt: Attempt, epoch: number): void {
  const server = attempt.server;
  if (epoch !== server.epoch) return;
  server.busy--;
  const m = sim.metrics;
  m.busy.step(server.index, sim.now, -1);
  const last = server.inService[server.busy]!;
  server.inService[server.busy] = null;
  if (last !== attempt) {
    server.inService[attempt.slot] = last;
    last.slot = attempt.slot;
  }
  const p = server.errorProbability;
  reply(sim, attempt, p > 0 && server.rng.next() < p ? server.errorStatus : 200);
  const next = server.waitFirst;
  if (next !== null) {
    server.waitFirst = next.next;
    if (server.waitFirst === null) server.waitLast = null;
    next.next = null;
    server.waiting--;
    m.queued.step(server.index, sim.now, -1);
    startService(sim, server, next, sim.now - next.queuedAt);
  }
}

function crash(sim: Simulation, server: ServerRt): void {
  server.down = true;
  server.epoch++;
  for (let i = 0; i < server.busy; i++) reply(sim, server.inService[i]!, RESET);
  for (let a = server.waitFirst; a !== null; a = a.next) reply(sim, a, RESET);
  const m = sim.metrics;
  m.busy.step(server.index, sim.now, -server.busy);
  m.queued.step(server.index, sim.now, -server.waiting);
  server.inService.fill(null);
  server.waitFirst = server.waitLast = null;
  server.waiting = 0;
  server.busy = 0;
}

/** Switches a fault on or off. */
export function applyFault(sim: Simulation, f: FaultAction): void {
  const server = sim.world.serverById.get(f.server)!;
  switch (f.fault) {
    case 'crash':
      if (f.active && !server.down) crash(sim, server);
      else if (!f.active) server.down = false;
      break;
    case 'slow':
      server.slowFactor = f.active ? f.factor : 1;
      break;
    case 'refuse':
      server.refusing = f.active;
      break;
    case 'errors':
      server.errorProbability = f.active ? f.probability : 0;
      server.errorStatus = f.status;
      break;
    case 'partition':
      sim.world.balancers[f.balancer]!.partitioned[server.index] = f.active ? 1 : 0;
      break;
  }
  sim.tracer.hash.mix(7, sim.now, server.index, f.active ? 1 : 0);
  const mark = { at: sim.now, server: f.server, fault: f.fault, active: f.active, balancer: f.balancer };
  sim.metrics.fault(mark);
  if (sim.tracer.active) sim.tracer.emit({ type: 'faultChanged', ...mark });
}
