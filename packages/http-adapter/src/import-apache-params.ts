/**
 * mod_proxy_balancer's `key=value` parameters, translated one by one: those of a BalancerMember
 * (route, loadfactor, lbset, status, retry, timeouts, mod_proxy_hcheck's hc*) and those of a
 * balancer (ProxySet, or ProxyPass to `balancer://`: stickysession, lbmethod, maxattempts...).
 *
 * @module
 */
import type { LbMethod } from '@lbkit/core';

/**
 * A directive (or one of its parameters) that has no lbkit equivalent, or only an approximate one.
 *
 * @example
 * ```ts
 * const f: ImportFinding = { line: 7, directive: 'BalancerMember ... smax=5', reason: 'the member parameter smax has no lbkit equivalent' }
 * ```
 */
export interface ImportFinding {
  readonly line: number;
  /** The directive or parameter as written, e.g. `BalancerMember ... smax=5` or `smax=5`. */
  readonly directive: string;
  readonly reason: string;
}

/** What one BalancerMember line says. */
export interface MemberDraft {
  readonly url: string;
  readonly line: number;
  route?: string;
  weight?: number;
  tier?: number;
  disabled?: boolean;
  draining?: boolean;
  standby?: boolean;
  retryMs?: number;
  responseMs?: number;
  connectMs?: number;
  /** mod_proxy_hcheck runs only when `hcmethod` is set. */
  hcEnabled?: boolean;
  hcIntervalMs?: number;
  hcPath?: string;
  hcPasses?: number;
  hcFails?: number;
}

/** What the lines about one `balancer://name` say, in configuration order. */
export interface BalancerDraft {
  readonly name: string;
  readonly line: number;
  readonly members: MemberDraft[];
  stickysession?: { value: string; line: number };
  scolonPathDelim?: boolean;
  separator?: string;
  method?: LbMethod;
  maxAttempts?: number;
  forceRecovery?: boolean;
  failOnStatus?: number[];
}

type Param = { key: string; value: string | null; raw: string };
type Report = (raw: string, reason: string) => void;

const ON_OFF: Readonly<Record<string, boolean>> = { on: true, off: false };

function seconds(value: string | null): number | null {
  if (value === null || !/^\d+(\.\d+)?$/.test(value)) return null;
  return Math.round(Number(value) * 1000);
}

function wholeIn(value: string | null, min: number, max: number): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** Apache `status=` flags: `+D`, `D`, `-E`, `+H+N`... Only the ones lbkit has are kept. */
function applyStatus(m: MemberDraft, value: string, report: Report, raw: string): void {
  for (const [, sign, flag] of value.toUpperCase().matchAll(/([+-]?)([A-Z])/g)) {
    const on = sign !== '-';
    if (flag === 'D') m.disabled = on;
    else if (flag === 'S') {
      m.disabled = on;
      if (on) report(raw, 'status S (stopped) is imported as disabled: lbkit has one "never use" state');
    } else if (flag === 'H') m.standby = on;
    else if (flag === 'N') m.draining = on;
    else if (on) report(raw, `status ${flag} has no lbkit equivalent (lbkit has D disabled, S stopped, H standby, N drain)`);
  }
}

const HC_OTHER = new Set(['hcmethod', 'hcexpr', 'hctemplate']);

function memberHealthParam(m: MemberDraft, p: Param, report: Report): boolean {
  switch (p.key) {
    case 'hcinterval': {
      const ms = seconds(p.value);
      if (ms === null || ms < 10) report(p.raw, 'hcinterval must be seconds');
      else m.hcIntervalMs = ms;
      return true;
    }
    case 'hcuri':
      if (p.value !== null && /^\/[\x21-\x3a\x3c-\x7e]*$/.test(p.value)) m.hcPath = p.value;
      else report(p.raw, 'hcuri must be a path starting with "/" without spaces or ";"');
      return true;
    case 'hcpasses':
    case 'hcfails': {
      const n = wholeIn(p.value, 1, 100);
      if (n === null) report(p.raw, `${p.key} must be a whole number from 1 to 100`);
      else if (p.key === 'hcpasses') m.hcPasses = n;
      else m.hcFails = n;
      return true;
    }
  }
  if (!HC_OTHER.has(p.key)) return false;
  const method = p.key === 'hcmethod' ? (p.value ?? '').toUpperCase() : '';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') m.hcEnabled = true;
  if (method !== 'GET' && method !== 'NONE') report(p.raw, `${p.key}=${p.value} is not supported: lbkit health checks are GET requests that expect a status${method === 'HEAD' || method === 'OPTIONS' ? ' (imported as GET)' : ''}`);
  return true;
}

/** Applies one BalancerMember parameter to `m`, reporting what cannot be kept. */
export function applyMemberParam(m: MemberDraft, p: Param, report: Report): void {
  switch (p.key) {
    case 'route':
      if (p.value !== null && /^[A-Za-z0-9._~-]{1,64}$/.test(p.value)) m.route = p.value;
      else report(p.raw, 'an lbkit route is 1 to 64 characters from A-Z a-z 0-9 . _ ~ -');
      return;
    case 'loadfactor': {
      const n = p.value !== null && /^\d+(\.\d+)?$/.test(p.value) ? Number(p.value) : NaN;
      if (!(n >= 1 && n <= 100)) return report(p.raw, 'loadfactor must be from 1 to 100');
      m.weight = Math.round(n);
      if (m.weight !== n) report(p.raw, `lbkit weights are whole numbers: imported as ${m.weight}`);
      return;
    }
    case 'lbset': {
      const n = wholeIn(p.value, 0, 99);
      if (n === null) report(p.raw, 'lbset must be a whole number from 0 to 99');
      else m.tier = n;
      return;
    }
    case 'status':
      return applyStatus(m, p.value ?? '', report, p.raw);
    case 'retry':
    case 'timeout':
    case 'connectiontimeout': {
      const ms = seconds(p.value);
      if (ms === null) return report(p.raw, `${p.key} must be seconds`);
      if (p.key === 'retry') m.retryMs = ms;
      else if (p.key === 'timeout') m.responseMs = Math.max(1, ms);
      else m.connectMs = Math.max(1, ms);
      return;
    }
  }
  if (!memberHealthParam(m, p, report)) report(p.raw, `the member parameter ${p.key} has no lbkit equivalent`);
}

const METHODS: Readonly<Record<string, LbMethod>> = { byrequests: 'byrequests', bybusyness: 'bybusyness' };

function applyOnOff(p: Param, report: Report, set: (on: boolean) => void): void {
  const on = ON_OFF[(p.value ?? '').toLowerCase()];
  if (on === undefined) report(p.raw, `${p.key} must be On or Off`);
  else set(on);
}

/** Applies one balancer parameter (ProxySet, or ProxyPass to a balancer) to `b`. */
export function applyBalancerParam(b: BalancerDraft, p: Param, line: number, report: Report): void {
  switch (p.key) {
    case 'stickysession':
      if (p.value === null || p.value === '') return report(p.raw, 'stickysession needs a name, e.g. ROUTEID|jsessionid');
      b.stickysession = { value: p.value, line };
      return;
    case 'scolonpathdelim':
      return applyOnOff(p, report, (on) => (b.scolonPathDelim = on));
    case 'forcerecovery':
      return applyOnOff(p, report, (on) => (b.forceRecovery = on));
    case 'stickysessionsep':
      if (p.value !== null && p.value.length === 1) b.separator = p.value;
      else report(p.raw, 'lbkit needs a one-character separator (Apache "Off" has no equivalent)');
      return;
    case 'lbmethod': {
      const m = METHODS[(p.value ?? '').toLowerCase()];
      if (m !== undefined) b.method = m;
      else report(p.raw, `lbmethod ${p.value} is not in lbkit (byrequests and bybusyness are; imported as byrequests)`);
      return;
    }
    case 'maxattempts': {
      const n = wholeIn(p.value, 0, 99);
      // Apache counts the attempts after the first; lbkit counts them all
      if (n === null) report(p.raw, 'maxattempts must be a whole number from 0 to 99');
      else b.maxAttempts = n + 1;
      return;
    }
    case 'failonstatus': {
      const codes = (p.value ?? '').split(',').map((s) => Number(s.trim()));
      if (codes.length === 0 || codes.some((c) => !Number.isInteger(c) || c < 100 || c > 599)) report(p.raw, 'failonstatus must list HTTP statuses, e.g. 502,503');
      else b.failOnStatus = codes;
      return;
    }
  }
  report(p.raw, `the balancer parameter ${p.key} has no lbkit equivalent`);
}
