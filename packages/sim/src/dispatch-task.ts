/**
 * Routes each queue entry to the part of the model it concerns.
 *
 * @module
 */
import { balancerHears } from './balancer-node.js';
import { clientFires, sessionFires } from './clients.js';
import type { Simulation } from './engine.js';
import { healthResult, healthTick } from './health-checks.js';
import {
  type Attempt,
  BALANCER_HEARS,
  CLIENT_FIRES,
  FAULT,
  HEALTH_RESULT,
  HEALTH_TICK,
  SERVER_RECEIVES,
  SERVICE_ENDS,
  SESSION_FIRES,
  type Session,
  type Task,
} from './model.js';
import { applyFault, serverReceives, serviceEnds } from './servers.js';

/** Runs one queue entry at `sim.now`. */
export function handle(sim: Simulation, task: Task): void {
  switch (task.kind) {
    case CLIENT_FIRES:
      return clientFires(sim, sim.world.clients[task.target]!);
    case SESSION_FIRES:
      return sessionFires(sim, task.ref as Session);
    case SERVER_RECEIVES:
      return serverReceives(sim, task.ref as Attempt);
    case SERVICE_ENDS:
      return serviceEnds(sim, task.ref as Attempt, task.num);
    case BALANCER_HEARS:
      return balancerHears(sim, task.ref as Attempt, task.num);
    case HEALTH_TICK:
      return healthTick(sim, task.target);
    case HEALTH_RESULT:
      return healthResult(sim, task.target, task.num);
    case FAULT:
      return applyFault(sim, sim.faults[task.target]!);
  }
}
