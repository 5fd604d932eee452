/**
 * Clients. Open-loop clients send at a rate whatever happens (Poisson or fixed gaps); sessions are
 * closed loops, like browsers: send, wait for the answer, think, send again, keeping the cookies
 * they were given. A session that has sent all its requests is replaced by a fresh one.
 *
 * @module
 */
import { dispatch } from './balancer-node.js';
import type { Simulation } from './engine.js';
import { CLIENT_FIRES, CLIENT_GIVES_UP, type ClientRt, type Req, SESSION_FIRES, type Session } from './model.js';

function pickPath(client: ClientRt): number {
  const c = client.cumulative;
  if (c.length === 1) return 0;
  const u = client.rng.next();
  let i = 0;
  while (i < c.length - 1 && u >= c[i]!) i++;
  return i;
}

function pickBalancer(sim: Simulation, client: ClientRt): number {
  const n = sim.world.balancers.length;
  return n === 1 ? 0 : client.rng.below(n);
}

/** The `Cookie` header a jar makes (a browser joins its cookies with `; `). */
export function cookieHeader(jar: Map<string, string>): string | undefined {
  if (jar.size === 0) return undefined;
  let out = '';
  for (const [k, v] of jar) out += (out === '' ? '' : '; ') + k + '=' + v;
  return out;
}

function send(sim: Simulation, req: Req): void {
  const measured = req.sentAt >= sim.warmupMs;
  if (measured) sim.metrics.sent++;
  sim.metrics.open++;
  sim.tracer.hash.mix(1, sim.now, req.id, req.path);
  if (sim.tracer.active) {
    sim.tracer.emit({
      type: 'requestSent', at: sim.now, request: req.id, client: req.client.name,
      session: req.session === null ? -1 : req.session.id, balancer: req.balancer.index, path: req.client.paths[req.path]!,
    });
  }
  if (req.client.giveUpMs !== Infinity) sim.schedule(sim.now + req.client.giveUpMs, CLIENT_GIVES_UP, 0, 0, req);
  dispatch(sim, req);
}

function newSession(sim: Simulation, client: ClientRt): Session {
  const balancer = sim.world.balancers[pickBalancer(sim, client)]!;
  return { id: sim.nextSession++, client, balancer, jar: new Map(), cookie: undefined, left: client.sessions!.requests };
}

/** Schedules every client's first request. */
export function startClients(sim: Simulation): void {
  for (const client of sim.world.clients) {
    if (client.open !== null) {
      const first = client.open.poisson ? client.rng.exponential(client.open.gapMs) : 0;
      if (first < sim.durationMs) sim.schedule(first, CLIENT_FIRES, client.index, 0, null);
    } else if (client.sessions !== null) {
      for (let k = 0; k < client.sessions.count; k++) {
        const s = newSession(sim, client);
        const first = client.sessions.think(client.rng);
        if (first < sim.durationMs) sim.schedule(first, SESSION_FIRES, 0, 0, s);
      }
    }
  }
}

/** An open-loop client sends one request and schedules the next. */
export function clientFires(sim: Simulation, client: ClientRt): void {
  const open = client.open!;
  const path = pickPath(client);
  const hashKey = open.hashKeys > 0 ? `key${client.rng.below(open.hashKeys)}` : undefined;
  const balancer = sim.world.balancers[pickBalancer(sim, client)]!;
  const gap = open.poisson ? client.rng.exponential(open.gapMs) : open.gapMs;
  if (sim.now + gap < sim.durationMs) sim.schedule(sim.now + gap, CLIENT_FIRES, client.index, 0, null);
  send(sim, {
    id: sim.nextRequest++, client, session: null, path, pool: client.pathPools[path]!, balancer,
    sentAt: sim.now, cookie: undefined, hashKey, work: client.workRng.nextUint32(), tried: null, attempts: 0, live: null, ended: false,
  });
}

/** A session sends its next request, with its cookies. */
export function sessionFires(sim: Simulation, session: Session): void {
  const client = session.client;
  const path = pickPath(client);
  send(sim, {
    id: sim.nextRequest++, client, session, path, pool: client.pathPools[path]!, balancer: session.balancer,
    sentAt: sim.now, cookie: session.cookie, hashKey: undefined, work: client.workRng.nextUint32(), tried: null, attempts: 0, live: null, ended: false,
  });
}

/** A session got its answer (or its refusal): it thinks, then goes on, or a new session takes its place. */
export function sessionAnswered(sim: Simulation, session: Session): void {
  const client = session.client;
  const spec = client.sessions!;
  session.left--;
  const next = session.left > 0 ? session : newSession(sim, client);
  const at = sim.now + spec.think(client.rng);
  if (at < sim.durationMs) sim.schedule(at, SESSION_FIRES, 0, 0, next);
}
