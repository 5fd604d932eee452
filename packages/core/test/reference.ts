/**
 * An independent reference balancer, the oracle of the model and property tests. Written from the
 * rules in the core README and Apache mod_proxy_balancer, not from the core's code: plain mutable
 * objects, one array scan per question, no columns, no ring array, no shared helpers. Where the
 * core is clever (columns, a sorted ring with binary search, early exits), this is naive on purpose.
 */

/** A member as the tests configure it. */
export interface RefMemberSpec {
  readonly id: string;
  readonly route?: string | undefined;
  readonly weight?: number | undefined;
  readonly tier?: number | undefined;
  readonly standby?: boolean | undefined;
  readonly disabled?: boolean | undefined;
  readonly draining?: boolean | undefined;
}

export interface RefSettings {
  readonly method: 'byrequests' | 'bybusyness' | 'random' | 'p2c' | 'hash';
  /** Separator of the sticky cookie, or null for a pool without affinity (the tests' sticky pools always use a cookie). */
  readonly separator: string | null;
  readonly failuresBeforeError: number;
  readonly retryMs: number;
  readonly failOnStatus: readonly number[];
  readonly rise: number;
  readonly fall: number;
  readonly forceRecovery: boolean;
  readonly maxAttempts: number | null;
  readonly seed: number;
  readonly pointsPerWeight: number;
}

export class RefMember {
  route: string;
  weight: number;
  tier: number;
  standby: boolean;
  disabled: boolean;
  draining: boolean;
  inError = false;
  failures = 0;
  retryAt = 0;
  checkDown = false;
  passes = 0;
  fails = 0;
  lbstatus = 0;
  inFlight = 0;

  constructor(readonly id: string, spec: RefMemberSpec) {
    this.route = spec.route ?? id;
    this.weight = spec.weight ?? 1;
    this.tier = spec.tier ?? 0;
    this.standby = spec.standby ?? false;
    this.disabled = spec.disabled ?? false;
    this.draining = spec.draining ?? false;
  }
}

export type RefDecision =
  | {
      readonly type: 'forward';
      readonly member: string;
      readonly attempt: number;
      readonly affinity: boolean;
      readonly routeChanged: boolean;
      /** The affinity cookie's value to set (separator then route), or null when none is to be set. */
      readonly setCookie: string | null;
    }
  | { readonly type: 'reject'; readonly reason: string; readonly attempt: number };

export interface RefRequest {
  /** The route the request carries (already read from its cookie), if any. */
  readonly route?: string | undefined;
  readonly hashKey?: string | undefined;
  readonly tried?: readonly string[];
}

/** mulberry32, the published algorithm: one uniform draw in [0, 1) per call, state one uint32. */
export class Mulberry32 {
  constructor(public state: number) {
    this.state = state >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** FNV-1a 32-bit over UTF-16 code units, then murmur3's fmix32: the documented ring hash. */
export function refHash(key: string): number {
  let h = 2166136261;
  for (const unit of Array.from({ length: key.length }, (_, i) => key.charCodeAt(i))) h = Math.imul(h ^ unit, 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Tiers in the order Apache tries them: by lbset, and within one the hot standbys last. */
export function rankOf(m: RefMember): number {
  return m.tier * 2 + (m.standby ? 1 : 0);
}

export class RefPool {
  readonly members: RefMember[];
  readonly rng: Mulberry32;

  constructor(
    readonly settings: RefSettings,
    specs: readonly RefMemberSpec[],
  ) {
    this.members = specs.map((s) => new RefMember(s.id, s));
    this.rng = new Mulberry32(settings.seed);
  }

  find(id: string): RefMember | undefined {
    return this.members.find((m) => m.id === id);
  }

  usable(m: RefMember, now: number): boolean {
    if (m.disabled || m.checkDown) return false;
    return !m.inError || now >= m.retryAt;
  }

  /** May take a new session: usable, not draining, not tried by this request. */
  eligible(m: RefMember, now: number, tried: readonly string[]): boolean {
    return this.usable(m, now) && !m.draining && !tried.includes(m.id);
  }

  decide(request: RefRequest, now: number): RefDecision {
    const tried = request.tried ?? [];
    const attempt = tried.length + 1;
    const h = this.settings;
    this.recoverIfAllInError(now);
    if (this.members.length === 0) return { type: 'reject', reason: 'no-members', attempt };
    const anyEligible = this.members.some((m) => this.eligible(m, now, tried));
    if (tried.length >= (h.maxAttempts ?? this.members.length)) {
      return { type: 'reject', reason: anyEligible ? 'attempts-exhausted' : this.whyNobody(now, tried), attempt };
    }
    const carried = h.separator !== null && request.route !== undefined ? request.route : null;
    const target = carried === null ? undefined : this.members.find((m) => m.route === carried);
    if (target !== undefined && this.usable(target, now) && !tried.includes(target.id)) {
      // Apache counts a sticky request too: every usable member gains its weight, the sticky one pays the total
      let total = 0;
      for (const m of this.members.filter((x) => this.usable(x, now))) {
        m.lbstatus += m.weight;
        total += m.weight;
      }
      target.lbstatus -= total;
      return this.forward(target, attempt, true, carried);
    }
    if (!anyEligible) return { type: 'reject', reason: this.whyNobody(now, tried), attempt };
    const eligible = this.members.filter((m) => this.eligible(m, now, tried));
    const lowest = Math.min(...eligible.map(rankOf));
    const chosen = this.pick(
      eligible.filter((m) => rankOf(m) === lowest),
      request.hashKey,
    );
    return this.forward(chosen, attempt, false, carried);
  }

  /** Apache forcerecovery: when every member waits out its retry period, all are put back into use. */
  recoverIfAllInError(now: number): void {
    if (!this.settings.forceRecovery || this.members.length === 0) return;
    if (!this.members.every((m) => m.inError && now < m.retryAt)) return;
    for (const m of this.members) Object.assign(m, { inError: false, failures: 0, retryAt: 0 });
  }

  /** The tier rank a new session is confined to: the lowest among eligible members, or null when none is. */
  lowestRank(now: number, tried: readonly string[]): number | null {
    const ranks = this.members.filter((m) => this.eligible(m, now, tried)).map(rankOf);
    return ranks.length === 0 ? null : Math.min(...ranks);
  }

  private forward(m: RefMember, attempt: number, affinity: boolean, carried: string | null): RefDecision {
    m.inFlight++;
    const sep = this.settings.separator;
    // BALANCER_ROUTE_CHANGED exists only on a pool with affinity; a changed route is what the cookie tells the client
    const routeChanged = sep !== null && carried !== m.route;
    return { type: 'forward', member: m.id, attempt, affinity, routeChanged, setCookie: routeChanged ? sep + m.route : null };
  }

  private whyNobody(now: number, tried: readonly string[]): string {
    if (this.members.every((m) => m.disabled)) return 'all-disabled';
    const usable = this.members.filter((m) => this.usable(m, now));
    if (usable.some((m) => !tried.includes(m.id))) return 'all-draining';
    return usable.length > 0 ? 'attempts-exhausted' : 'all-down';
  }

  private pick(candidates: RefMember[], hashKey: string | undefined): RefMember {
    switch (this.settings.method) {
      case 'byrequests':
        return this.roundRobin(candidates, (best, m) => m.lbstatus > best.lbstatus);
      case 'bybusyness':
        return this.roundRobin(candidates, (best, m) => m.inFlight < best.inFlight || (m.inFlight === best.inFlight && m.lbstatus > best.lbstatus));
      case 'random':
        return this.weighted(candidates, this.rng.next());
      case 'p2c': {
        const u1 = this.rng.next();
        const u2 = this.rng.next();
        const a = this.weighted(candidates, u1);
        const rest = candidates.filter((m) => m !== a);
        if (rest.length === 0) return a;
        const b = this.weighted(rest, u2);
        // fewer in flight per unit of weight wins; a tie keeps the first drawn
        return b.inFlight / b.weight < a.inFlight / a.weight ? b : a;
      }
      case 'hash':
        return hashKey === undefined ? this.roundRobin(candidates, (best, m) => m.lbstatus > best.lbstatus) : this.onRing(candidates, hashKey);
    }
  }

  /** Apache byrequests bookkeeping; `better` says when a later candidate beats the best so far. */
  private roundRobin(candidates: RefMember[], better: (best: RefMember, m: RefMember) => boolean): RefMember {
    let total = 0;
    for (const m of candidates) {
      m.lbstatus += m.weight;
      total += m.weight;
    }
    let best = candidates[0]!;
    for (const m of candidates) if (better(best, m)) best = m;
    best.lbstatus -= total;
    return best;
  }

  /** The candidate whose share of [0, 1), laid out by weight in configuration order, holds u. */
  private weighted(candidates: RefMember[], u: number): RefMember {
    const total = candidates.reduce((s, m) => s + m.weight, 0);
    let upTo = 0;
    for (const m of candidates) {
      upTo += m.weight;
      if (u * total < upTo) return m;
    }
    return candidates[candidates.length - 1]!;
  }

  /** Clockwise from the key's point to the nearest point of a candidate; equal points go to the earlier member. */
  private onRing(candidates: RefMember[], key: string): RefMember {
    const h = refHash(key);
    let best: { m: RefMember; distance: number; index: number } | null = null;
    for (const m of candidates) {
      const index = this.members.indexOf(m);
      for (let v = 0; v < m.weight * this.settings.pointsPerWeight; v++) {
        const distance = (refHash(`${m.id}#${v}`) - h) >>> 0;
        if (best === null || distance < best.distance || (distance === best.distance && index < best.index)) best = { m, distance, index };
      }
    }
    return best!.m;
  }

  // ---- events ----

  responded(id: string, status: number, now: number): void {
    const m = this.find(id);
    if (m === undefined) return;
    m.inFlight = Math.max(0, m.inFlight - 1);
    if (this.settings.failOnStatus.includes(status)) this.failure(m, now);
    else if (!(m.inError && now < m.retryAt)) Object.assign(m, { inError: false, failures: 0, retryAt: 0 });
  }

  failed(id: string, now: number): void {
    const m = this.find(id);
    if (m === undefined) return;
    m.inFlight = Math.max(0, m.inFlight - 1);
    this.failure(m, now);
  }

  abandoned(id: string): void {
    const m = this.find(id);
    if (m !== undefined) m.inFlight = Math.max(0, m.inFlight - 1);
  }

  private failure(m: RefMember, now: number): void {
    m.failures++;
    if (m.failures < this.settings.failuresBeforeError) return;
    // the wait starts now; a failure while in error never shortens it (retryAt of a healthy member means nothing)
    m.retryAt = m.inError ? Math.max(m.retryAt, now + this.settings.retryMs) : now + this.settings.retryMs;
    m.inError = true;
    m.passes = 0;
  }

  checked(id: string, ok: boolean): void {
    const m = this.find(id);
    if (m === undefined) return;
    if (!ok) {
      m.passes = 0;
      m.fails++;
      if (m.fails >= this.settings.fall) m.checkDown = true;
      return;
    }
    m.fails = 0;
    m.passes++;
    if (m.passes >= this.settings.rise && (m.checkDown || m.inError)) Object.assign(m, { checkDown: false, inError: false, failures: 0, retryAt: 0 });
  }

  added(spec: RefMemberSpec): void {
    this.members.push(new RefMember(spec.id, spec));
  }

  removed(id: string): void {
    this.members.splice(
      this.members.findIndex((m) => m.id === id),
      1,
    );
  }
}
