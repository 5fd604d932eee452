/**
 * Side by side: the same settings, seed, arrivals and clicks under two choices (a method, forced
 * recovery), each run to its end, with their figures and latency distributions.
 *
 * @module
 */
import { el } from './dom.js';
import { histogramSvg, runToEnd, type RunSummary } from './lbkit/index.js';
import { type Action, memberName, METHOD_NAMES, type MethodName, type Settings } from './settings.js';

/** What side B changes. */
export interface CompareChoice {
  readonly method: MethodName;
  readonly forceRecovery: boolean;
}

const f1 = (v: number) => v.toFixed(1);

function rows(a: RunSummary, b: RunSummary, members: number): HTMLElement[] {
  const line = (name: string, x: string, y: string) => el('tr', {}, el('th', {}, name), el('td', {}, x), el('td', {}, y));
  const out = [
    line('served', String(a.served), String(b.served)),
    line('refused', String(a.refused), String(b.refused)),
    line('failovers', String(a.failovers), String(b.failovers)),
    line('late replies', String(a.lateReplies), String(b.lateReplies)),
    line('latency p50 (ms)', f1(a.latency.p50), f1(b.latency.p50)),
    line('latency p90 (ms)', f1(a.latency.p90), f1(b.latency.p90)),
    line('latency p99 (ms)', f1(a.latency.p99), f1(b.latency.p99)),
    line('latency max (ms)', f1(a.latency.max), f1(b.latency.max)),
  ];
  for (let i = 0; i < members; i++) out.push(line(`share of ${memberName(i)}`, `${(a.shares[i]! * 100).toFixed(1)} %`, `${(b.shares[i]! * 100).toFixed(1)} %`));
  out.push(line('trace hash', a.traceHash, b.traceHash));
  return out;
}

/** The side-by-side panel. */
export class CompareView {
  readonly root = el('section', { id: 'compare' });
  private readonly method = el('select', { name: 'compare-method' }, ...METHOD_NAMES.map((m) => el('option', { value: m }, m)));
  private readonly force = el('input', { type: 'checkbox', name: 'compare-force' });
  private readonly out = el('div', { class: 'compare-out' });

  constructor(private readonly current: () => { readonly settings: Settings; readonly actions: readonly Action[] }) {
    const run = el('button', { type: 'button', id: 'compare-run' }, 'Run both to the end');
    run.addEventListener('click', () => this.run());
    this.root.append(
      el('h2', {}, 'Side by side'),
      el('p', {}, 'Side A is the scenario above (with your clicks); side B is the same seed, arrivals and clicks with:'),
      el('div', { class: 'compare-controls' }, el('label', {}, 'lbmethod ', this.method), el('label', { class: 'check' }, this.force, 'forced recovery'), run),
      this.out,
    );
  }

  /** What side B changes. */
  get choice(): CompareChoice {
    return { method: this.method.value as MethodName, forceRecovery: this.force.checked };
  }

  /** Sets side B (a lesson or share link). */
  choose(c: CompareChoice): void {
    this.method.value = c.method;
    this.force.checked = c.forceRecovery;
    this.out.replaceChildren();
  }

  /** Runs both sides and shows them. */
  run(): void {
    const { settings, actions } = this.current();
    const b = { ...settings, method: this.choice.method, forceRecovery: this.choice.forceRecovery };
    const started = performance.now();
    const ra = runToEnd(settings, actions);
    const rb = runToEnd(b, actions);
    const took = performance.now() - started;
    const name = (s: Settings) => `${s.method}${s.forceRecovery ? ' + forced recovery' : ''}`;
    const chart = (title: string, r: RunSummary) => {
      const d = el('div', { class: 'chart' });
      d.innerHTML = histogramSvg(title, r); // SVG text made by the simulator from numbers and these titles
      return d;
    };
    this.out.replaceChildren(
      el('table', { class: 'compare-table' }, el('tr', {}, el('th', {}, ''), el('th', {}, `A: ${name(settings)}`), el('th', {}, `B: ${name(b)}`)), ...rows(ra, rb, settings.members.length)),
      el('div', { class: 'charts' }, chart(`A: ${name(settings)}`, ra), chart(`B: ${name(b)}`, rb)),
      el('p', { class: 'note' }, `Both runs to ${(settings.durationMs / 1000).toFixed(0)} s of virtual time, seed ${settings.seed}, in ${took.toFixed(0)} ms.`),
    );
  }
}
