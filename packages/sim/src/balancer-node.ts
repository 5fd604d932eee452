/**
 * A balancer instance at work: asks its core state where each request goes, forwards it, takes in
 * the outcome, and fails over on refused, reset or timed-out attempts with `tried` as the core
 * decides. Every core call goes through the pool handle, which also records the event log.
 *
 * @module
 */
import type { BalancerEvent, BalancerRequest, FailureCause, RejectReason } from '@lbkit/core';
import { cookieHeader, sessionAnswered } from './clients.js';
import type { Simulation } from './engine.js';
import { type Attempt, type BalancerNode, REFUSED, type Req, SERVER_RECEIVES } from './model.js';

const STATUS_NAMES = ['ok', 'error', 'down'] as const;

/** Applies a fact to one pool of one instance, noting any change of the member's status. */
export function applyTo(sim: Simulation, bal: BalancerNode, pool: number, member: number, event: BalancerEvent): void {
  const handle = bal.pools[pool]!;
  handle.apply(event, sim.now);
  const m = handle.member(sim.world.pools[pool]!.members[member]!);
  const code = m === undefined ? 0 : m.check === 'down' ? 2 : m.status === 'error' ? 1 : 0;
  const seen = bal.seen[pool]!;
  if (seen[member] === code) return;
  seen[member] = code;
  const p = sim.world.pools[pool]!;
  const mark = { at: sim.now, balancer: bal.index, pool: p.name, member: p.members[member]!, status: STATUS_NAMES[code]! };
  sim.metrics.mark(mark);
  sim.tracer.hash.mix(6, sim.now, bal.index * 65536 + pool * 4096 + member, code);
  if (sim.tracer.active) sim.tracer.emit({ type: 'memberStatusChanged', ...mark });
}

function requestOf(req: Req): BalancerRequest {
  const url = req.client.paths[req.path]!;
  const r: { url: string; cookie?: string; hashKey?: string; tried?: readonly string[] } = { url };
  if (req.cookie !== undefined) r.cookie = req.cookie;
  if (req.hashKey !== undefined) r.hashKey = req.hashKey;
  if (req.tried !== null) r.tried = req.tried;
  return r;
}

function refuse(sim: Simulation, req: Req, reason: RejectReason): void {
  req.ended = true;
  const measured = req.sentAt >= sim.warmupMs;
  sim.metrics.refusedWith(reason, sim.now, measured, req.sentAt);
  sim.tracer.hash.mix(5, sim.now, req.id, req.attempts);
  if (sim.tracer.active) {
    sim.tracer.emit({ type: 'requestRefused', at: sim.now, request: req.id, pool: req.pool.name, reason, attempts: req.attempts });
  }
  if (req.session !== null) sessionAnswered(sim, req.session);
}

/** Asks the core where (the next attempt of) a request goes, and sends it there. */
export function dispatch(sim: Simulation, req: Req): void {
  const bal = req.balancer;
  const pool = req.pool;
  const request = requestOf(req);
  const d = bal.pools[pool.index]!.decide(request, sim.now);
  if (d.type === 'reject') return refuse(sim, req, d.reason);
  const member = pool.memberIndex.get(d.member)!;
  const server = pool.servers[member]!;
  req.attempts++;
  const setCookie = d.setCookie === null ? null : d.setCookie.value;
  const attempt: Attempt = {
    req, member, server, sentAt: sim.now, work: req.work, measured: req.sentAt >= sim.warmupMs, next: null, queuedAt: 0, setCookie, done: false, epoch: 0, slot: -1,
  };
  const carried = req.session !== null && pool.cookie !== null ? req.session.jar.get(pool.cookie) : undefined;
  // the session's cookie named another member, which the core replaced: its affinity broke
  const broken = carried !== undefined && setCookie !== null;
  sim.metrics.forwarded(pool.index, member, sim.now, req.sentAt >= sim.warmupMs, d.attempt, broken);
  sim.tracer.hash.mix(2, sim.now, req.id, member);
  if (sim.tracer.active) {
    sim.tracer.emit({
      type: 'requestForwarded', at: sim.now, request: req.id, balancer: bal.index, pool: pool.name,
      member: d.member, attempt: d.attempt, affinity: d.affinity, affinityBroken: broken,
    });
  }
  req.live = attempt;
  sim.armTimeout(attempt);
  if (bal.partitioned[server.index] === 1) return; // the connection never opens; the timeout fires
  sim.schedule(sim.now + sim.delay(), SERVER_RECEIVES, 0, 0, attempt);
}

function failOver(sim: Simulation, attempt: Attempt, cause: FailureCause): void {
  const req = attempt.req;
  const pool = req.pool;
  const id = pool.members[attempt.member]!;
  applyTo(sim, req.balancer, pool.index, attempt.member, { type: 'requestFailed', member: id, cause });
  sim.metrics.failed(pool.index, attempt.member, cause, req.sentAt >= sim.warmupMs, sim.now);
  sim.tracer.hash.mix(3, sim.now, req.id, attempt.member);
  if (sim.tracer.active) {
    sim.tracer.emit({ type: 'attemptFailed', at: sim.now, request: req.id, balancer: req.balancer.index, pool: pool.name, member: id, cause });
  }
  req.live = null;
  req.tried = req.tried === null ? [id] : [...req.tried, id];
  dispatch(sim, req);
}

function served(sim: Simulation, attempt: Attempt, status: number): void {
  const req = attempt.req;
  const pool = req.pool;
  const id = pool.members[attempt.member]!;
  applyTo(sim, req.balancer, pool.index, attempt.member, { type: 'responseReceived', member: id, status });
  req.ended = true;
  req.live = null;
  const latency = sim.now - req.sentAt;
  sim.metrics.servedBy(pool.index, attempt.member, status, latency, sim.now, req.sentAt >= sim.warmupMs);
  sim.tracer.hash.mix(4, sim.now, req.id, status);
  if (sim.tracer.active) {
    sim.tracer.emit({ type: 'requestServed', at: sim.now, request: req.id, pool: pool.name, member: id, status, latencyMs: latency, attempts: req.attempts });
  }
  const session = req.session;
  if (session === null) return;
  if (pool.cookie !== null && attempt.setCookie !== null && session.jar.get(pool.cookie) !== attempt.setCookie) {
    session.jar.set(pool.cookie, attempt.setCookie);
    session.cookie = cookieHeader(session.jar);
  }
  sessionAnswered(sim, session);
}

/** The balancer hears back about an attempt: a status, or a refused or reset connection. */
export function balancerHears(sim: Simulation, attempt: Attempt, code: number): void {
  if (attempt.done) {
    sim.metrics.lateReplies++;
    return;
  }
  attempt.done = true;
  if (code > 0) served(sim, attempt, code);
  else failOver(sim, attempt, code === REFUSED ? 'refused' : 'reset');
}

/** An attempt got no answer within the balancer's timeout. */
export function timedOut(sim: Simulation, attempt: Attempt): void {
  attempt.done = true;
  failOver(sim, attempt, 'timeout');
}

/**
 * The client gave up waiting: the request ends as abandoned, and the balancer tells the core its
 * attempt in flight ended without a verdict on the member (`requestAbandoned`). Its answer, if one
 * comes, is dropped as late.
 */
export function clientGivesUp(sim: Simulation, req: Req): void {
  if (req.ended) return;
  req.ended = true;
  const attempt = req.live;
  const pool = req.pool;
  if (attempt !== null) {
    attempt.done = true;
    req.live = null;
    applyTo(sim, req.balancer, pool.index, attempt.member, { type: 'requestAbandoned', member: pool.members[attempt.member]! });
  }
  sim.metrics.abandonedAt(sim.now, req.sentAt >= sim.warmupMs, pool.index, attempt === null ? -1 : attempt.member);
  sim.tracer.hash.mix(8, sim.now, req.id, req.attempts);
  if (sim.tracer.active) {
    sim.tracer.emit({ type: 'requestAbandoned', at: sim.now, request: req.id, pool: pool.name, attempts: req.attempts, waitedMs: sim.now - req.sentAt });
  }
  if (req.session !== null) sessionAnswered(sim, req.session);
}
