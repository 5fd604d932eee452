/**
 * The settings form: method, members (count, weights, speeds), traffic (arrival rate, clients,
 * sessions), health and the seed. Any change hands a new, clamped {@link Settings} to `onChange`.
 *
 * @module
 */
import { el } from './dom.js';
import { MAX_MEMBERS, memberName, METHOD_NAMES, type Settings, settingsOf } from './settings.js';

type NumberKey = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

const NUMBERS: readonly (readonly [NumberKey, string, string])[] = [
  ['rate', 'arrival rate (req/s)', 'open-loop requests per second, 0 for none'],
  ['clients', 'clients', 'distinct clients of the open-loop traffic (what hash hashes)'],
  ['sessions', 'sessions', 'browser sessions with a cookie jar, alive at once'],
  ['thinkMs', 'think time (ms)', 'mean pause of a session between requests'],
  ['serviceMs', 'service time (ms)', 'mean service time of a speed-1 member'],
  ['concurrency', 'concurrency', 'requests a member serves at once; more wait in its queue'],
  ['balancers', 'balancers', 'balancer instances, each with its own state'],
  ['retryMs', 'retry (ms)', 'how long a member in error waits before it is tried again'],
  ['failuresBeforeError', 'failures to error', 'consecutive failures that put a member in error state'],
  ['timeoutMs', 'timeout (ms)', 'per-attempt timeout of the balancer'],
  ['durationMs', 'duration (ms)', 'clients stop sending after this'],
  ['seed', 'seed', 'every random draw of the run comes from it'],
];

/** The settings form. */
export class ControlsView {
  readonly root = el('form', { id: 'controls', autocomplete: 'off' });
  private settings: Settings;

  constructor(settings: Settings, private readonly onChange: (s: Settings) => void) {
    this.settings = settings;
    this.root.addEventListener('submit', (e) => e.preventDefault());
    this.root.addEventListener('change', () => this.changed());
    this.render();
  }

  /** Shows `s` (after a lesson or a share link was loaded). */
  show(s: Settings): void {
    this.settings = s;
    this.render();
  }

  private field(label: string, input: HTMLElement, title: string): HTMLElement {
    return el('label', { title }, el('span', {}, label), input);
  }

  private render(): void {
    const s = this.settings;
    const method = el('select', { name: 'method' }, ...METHOD_NAMES.map((m) => el('option', { value: m, selected: m === s.method }, m)));
    const count = el('input', { name: 'count', type: 'number', min: 1, max: MAX_MEMBERS, value: s.members.length });
    const rows = s.members.map((m, i) =>
      el('tr', {},
        el('th', {}, memberName(i)),
        el('td', {}, el('input', { name: `weight${i}`, type: 'number', min: 1, max: 100, value: m.weight, 'aria-label': `weight of ${memberName(i)}` })),
        el('td', {}, el('input', { name: `speed${i}`, type: 'number', min: 0.1, max: 10, step: 0.1, value: m.speed, 'aria-label': `speed of ${memberName(i)}` })),
      ),
    );
    const table = el('table', { class: 'member-settings' }, el('tr', {}, el('th', {}, ''), el('th', {}, 'weight'), el('th', {}, 'speed')), ...rows);
    const arrivals = el('select', { name: 'arrivals' }, ...(['poisson', 'fixed'] as const).map((a) => el('option', { value: a, selected: a === s.arrivals }, a)));
    const checks = (['sticky', 'forceRecovery'] as const).map((k) =>
      el('label', { class: 'check' }, el('input', { name: k, type: 'checkbox', checked: s[k] }), k === 'sticky' ? 'sticky (cookie ROUTEID)' : 'forced recovery'),
    );
    const numbers = NUMBERS.map(([k, label, title]) => this.field(label, el('input', { name: k, type: 'number', value: s[k], step: 'any' }), title));
    this.root.replaceChildren(
      el('h2', {}, 'Scenario'),
      this.field('lbmethod', method, 'how the balancer picks among candidates'),
      this.field('members', count, 'number of members (1 to 10)'),
      table,
      this.field('arrivals', arrivals, 'random (poisson) or evenly spaced arrivals'),
      ...numbers,
      ...checks,
    );
  }

  private changed(): void {
    const f = new FormData(this.root);
    const num = (k: string) => Number(f.get(k));
    const count = Math.min(MAX_MEMBERS, Math.max(1, Math.round(num('count')) || 1));
    const members = Array.from({ length: count }, (_, i) => ({
      weight: f.has(`weight${i}`) ? num(`weight${i}`) : 1,
      speed: f.has(`speed${i}`) ? num(`speed${i}`) : 1,
    }));
    const raw: Record<string, unknown> = { method: f.get('method'), members, arrivals: f.get('arrivals'), sticky: f.has('sticky'), forceRecovery: f.has('forceRecovery') };
    for (const [k] of NUMBERS) raw[k] = num(k);
    this.settings = settingsOf(raw);
    this.render();
    this.onChange(this.settings);
  }
}
