/**
 * Routes each queue entry to the part of the model it concerns.
 *
 * @module
 */
import { balancerHears, clientGivesUp } from './balancer-node.js';
import { clientFires, sessionFires } from './clients.js';
import type { Simulation } from './engine.js';
import { healthResult, healthTick } from './health-checks.js';
import {
  type Attempt,
  BALANCER_HEARS,
  CLIENT_FIRES,
  CLIENT_GIVES_UP,
  FAULT,
  HEALTH_RESULT,
  HEALTH_TICK,
  SERVER_RECEIVES,
  SERVICE_ENDS,
  SESSION_FIRES,
  type Req,
  type Session,
} from './model.js';
import { applyFault, serverReceives, serviceEnds } from './servers.js';

/** Runs one queue entry (its kind, integer, number and reference) at `sim.now`. */
export function handle(sim: Simulation, kind: number, target: number, num: number, ref: Attempt | Session | Req | null): void {
  switch (kind) {
    case CLIENT_FIRES:
      return clientFires(sim, sim.world.clients[target]!);
    case SESSION_FIRES:
      return sessionFires(sim, ref as Session);
    case SERVER_RECEIVES:
      return serverReceives(sim, ref as Attempt);
    case SERVICE_ENDS:
      return serviceEnds(sim, ref as Attempt, num);
    case BALANCER_HEARS:
      return balancerHears(sim, ref as Attempt, num);
    case HEALTH_TICK:
      return healthTick(sim, target);
    case HEALTH_RESULT:
      return healthResult(sim, target, num);
    case FAULT:
      return applyFault(sim, sim.faults[target]!);
    case CLIENT_GIVES_UP:
      return clientGivesUp(sim, ref as Req);
  }
}
