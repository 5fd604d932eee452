/**
 * `--set path=value` overrides: change any field of a scenario from the command line, before it is
 * validated (so a bad value is reported like a bad file). Paths are dot-separated; an array element
 * is chosen by index or by its `name`/`id` (`clients.api.arrivals.ratePerSec`,
 * `pools.web.members.s1.weight`), and `*` stands for every key or element (`pools.*.method`).
 *
 * @module
 */

/**
 * One `--set`: a path and the values it takes (one for `run`, the grid axis for `sweep`).
 *
 * @example
 * ```ts
 * const s: Setting = { path: 'clients.0.arrivals.ratePerSec', values: [500, 900] }
 * ```
 */
export interface Setting {
  readonly path: string;
  readonly values: readonly unknown[];
}

/**
 * A `--set` that cannot be parsed or applied; the message names the path and the fix.
 *
 * @example
 * ```ts
 * try { withSetting(data, 'clients.web.name', 'x') } catch (e) { if (e instanceof SettingError) console.error(e.message) }
 * ```
 */
export class SettingError extends Error {
  override readonly name = 'SettingError';
}

/** Splits on commas outside brackets, braces and quotes. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && (c === '[' || c === '{')) depth++;
    else if (!quoted && (c === ']' || c === '}')) depth--;
    else if (!quoted && depth === 0 && c === ',') {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/** A value as written: JSON when it parses (numbers, booleans, objects), else the text itself. */
function valueOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `from:to:step`, both ends included (rounded to 12 significant digits against float drift). */
function range(text: string): number[] | null {
  const m = /^(-?[\d.]+(?:e-?\d+)?):(-?[\d.]+(?:e-?\d+)?):([\d.]+(?:e-?\d+)?)$/i.exec(text);
  if (m === null) return null;
  const [from, to, step] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!(step > 0) || !(to >= from)) throw new SettingError(`range "${text}": use from:to:step with to >= from and step > 0`);
  const n = Math.floor((to - from) / step + 1e-9);
  if (n > 10_000) throw new SettingError(`range "${text}" has more than 10000 values`);
  return Array.from({ length: n + 1 }, (_, i) => Number((from + i * step).toPrecision(12)));
}

/**
 * Parses `path=v1,v2,...` (or `path=from:to:step`). Values are JSON where they parse, else text.
 *
 * @example
 * ```ts
 * parseSetting('clients.0.arrivals.ratePerSec=500,700') // { path: 'clients.0.arrivals.ratePerSec', values: [500, 700] }
 * parseSetting('balancers.timeoutMs=none')             // { path: 'balancers.timeoutMs', values: ['none'] }
 * ```
 */
export function parseSetting(text: string): Setting {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new SettingError(`--set "${text}": write path=value, e.g. --set clients.0.arrivals.ratePerSec=800`);
  const path = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (raw === '') throw new SettingError(`--set ${path}: no value after "="`);
  const values = range(raw) ?? splitTopLevel(raw).map(valueOf);
  return { path, values };
}

type Node = Record<string, unknown> | unknown[];

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null;
}

/** The children of `node` that a path segment names. */
function select(node: Node, seg: string, done: string): (string | number)[] {
  if (Array.isArray(node)) {
    if (seg === '*') return node.map((_, i) => i);
    if (/^\d+$/.test(seg)) {
      if (Number(seg) < node.length) return [Number(seg)];
      throw new SettingError(`--set ${done}${seg}: ${done.slice(0, -1) || 'the scenario'} has ${node.length} entries (index from 0)`);
    }
    const i = node.findIndex((x) => isNode(x) && !Array.isArray(x) && (x.name === seg || x.id === seg));
    if (i >= 0) return [i];
    const names = node.map((x) => (isNode(x) && !Array.isArray(x) ? (x.name ?? x.id) : undefined)).filter((x) => x !== undefined);
    throw new SettingError(`--set ${done}${seg}: no entry named "${seg}" (use an index${names.length > 0 ? ` or one of ${names.join(', ')}` : ''})`);
  }
  return seg === '*' ? Object.keys(node) : [seg];
}

function setIn(node: Node, segs: readonly string[], value: unknown, done: string): void {
  const [seg, ...rest] = segs as [string, ...string[]];
  for (const key of select(node, seg, done)) {
    const here = `${done}${key}`;
    if (rest.length === 0) {
      (node as Record<string | number, unknown>)[key] = structuredClone(value);
      continue;
    }
    const child = (node as Record<string | number, unknown>)[key];
    if (!isNode(child)) {
      const keys = isNode(node) && !Array.isArray(node) ? Object.keys(node).join(', ') : '';
      throw new SettingError(`--set ${here}.${rest.join('.')}: "${here}" ${child === undefined ? 'does not exist' : 'is not an object'}${child === undefined && keys !== '' ? ` (keys here: ${keys})` : ''}`);
    }
    setIn(child, rest, value, `${here}.`);
  }
}

/**
 * A copy of raw scenario data with `value` at `path` (the original is not changed).
 *
 * @throws {@link SettingError} when the path does not lead to an object to set the key in.
 * @example
 * ```ts
 * withSetting(data, 'pools.*.method', 'p2c')
 * ```
 */
export function withSetting(data: unknown, path: string, value: unknown): unknown {
  if (!isNode(data)) throw new SettingError('the scenario is not an object');
  const segs = path.split('.');
  if (segs.some((s) => s === '')) throw new SettingError(`--set ${path}: empty path segment`);
  const copy = structuredClone(data);
  setIn(copy, segs, value, '');
  return copy;
}

/**
 * Applies `path = value` pairs in order.
 *
 * @example
 * ```ts
 * withSettings(data, [['balancers.timeoutMs', 'none'], ['serverDefaults.queue', 'unbounded']])
 * ```
 */
export function withSettings(data: unknown, pairs: readonly (readonly [string, unknown])[]): unknown {
  return pairs.reduce((d, [path, value]) => withSetting(d, path, value), data);
}
