/**
 * The recent requests, newest first, and the decision inspector: click a request to see each of
 * its attempts as the core saw it (candidates, counters, in-flight counts, the route carried, who
 * was skipped and why).
 *
 * @module
 */
import type { Board, RequestLog } from './board.js';
import { el } from './dom.js';
import { ruleOf, verdicts } from './explain.js';
import type { DecisionFacts } from './lbkit/index.js';

const SHOWN = 40;

const ms = (t: number) => `${(t / 1000).toFixed(3)} s`;

function summary(r: RequestLog): string {
  const path = r.attempts.map((a) => String.fromCharCode(65 + a.member) + (a.failed !== null ? `✗(${a.failed})` : '')).join(' → ');
  return `#${r.id} at ${ms(r.sentAt)}: ${path || '…'} ${r.end === null ? '(in flight)' : r.end.text}`;
}

function decisionTable(f: DecisionFacts): HTMLElement {
  const v = verdicts(f);
  const counters = f.method === 'byrequests' || f.method === 'bybusyness';
  const head = el('tr', {}, el('th', {}, 'member'), el('th', {}, 'weight'), el('th', {}, counters ? 'lbstatus before → after' : 'lbstatus'), el('th', {}, 'in flight'), el('th', {}, 'verdict'));
  const rows = f.members.map((m, i) =>
    el('tr', { class: v[i]!.chosen ? 'chosen' : v[i]!.candidate ? 'candidate' : 'skipped' },
      el('td', {}, m.id), el('td', {}, String(m.weight)),
      el('td', {}, counters ? `${m.counter} → ${f.countersAfter[i]}` : String(m.counter)),
      el('td', {}, String(m.busy)), el('td', {}, v[i]!.note)),
  );
  return el('table', { class: 'decision' }, head, ...rows);
}

function decisionBlock(title: string, f: DecisionFacts | null): HTMLElement {
  if (f === null) return el('div', { class: 'attempt' }, el('h4', {}, title), el('p', {}, 'No record of this decision.'));
  const route = f.route === null ? (f.cookie === null ? 'no cookie' : `cookie "${f.cookie}", no route in it`) : `route ${f.route} (cookie "${f.cookie}")`;
  const tried = f.tried.length === 0 ? 'none' : f.tried.join(', ');
  return el('div', { class: 'attempt' },
    el('h4', {}, title),
    el('p', {}, `balancer ${f.balancer}, ${f.method}, at ${ms(f.at)}; carried: ${route}; already tried: ${tried}${f.method !== 'hash' || f.hashKey === null ? '' : `; client key ${f.hashKey}`}${f.forceRecovery ? '; forced recovery on' : ''}`),
    decisionTable(f),
    el('p', { class: 'rule' }, ruleOf(f)));
}

/** The request list and the inspector. */
export class RequestsView {
  readonly root = el('section', { id: 'requests' });
  private readonly list = el('ol', { class: 'request-list' });
  private readonly filter = el('select', { id: 'request-filter', 'aria-label': 'which requests' },
    el('option', { value: 'all' }, 'all recent requests'),
    el('option', { value: 'notable' }, 'failed over, refused or moved'));
  private board: Board | null = null;
  private readonly inspector = el('div', { id: 'inspector' }, el('p', {}, 'Click a request to see why it went where it did.'));
  private selected: number | null = null;

  constructor() {
    this.filter.addEventListener('change', () => this.board !== null && this.draw(this.board));
    this.root.append(el('h2', {}, 'Recent requests ', this.filter), this.list, el('h2', {}, 'Decision inspector'), this.inspector);
  }

  /** Forgets the selection (new run). */
  reset(): void {
    this.selected = null;
    this.inspector.replaceChildren(el('p', {}, 'Click a request to see why it went where it did.'));
  }

  /** Lists the newest requests. */
  draw(board: Board): void {
    this.board = board;
    const all = this.filter.value === 'notable' ? board.notable : [...board.requests.values()];
    const items = all.slice(-SHOWN).reverse().map((r) => {
      const li = el('li', { 'data-request': r.id, class: r.id === this.selected ? 'selected' : r.end?.ok === false ? 'bad' : '' }, summary(r));
      li.addEventListener('click', () => this.inspect(board, r.id));
      return li;
    });
    this.list.replaceChildren(...items);
  }

  /** Opens request `id` in the inspector. */
  inspect(board: Board, id: number): void {
    const r = board.request(id);
    if (r === undefined) return;
    this.selected = id;
    const blocks = r.attempts.map((a, i) => decisionBlock(`attempt ${i + 1} → ${String.fromCharCode(65 + a.member)}${a.failed !== null ? ` (failed: ${a.failed})` : ''}`, a.why));
    if (r.refusal !== null) blocks.push(decisionBlock('refused', r.refusal));
    const session = r.session >= 0 ? `session ${r.session}` : 'open-loop client';
    this.inspector.replaceChildren(el('h3', {}, `Request #${r.id}`), el('p', {}, `${session}, sent at ${ms(r.sentAt)}; ${r.end === null ? 'in flight' : r.end.text}`), ...blocks);
    this.draw(board);
  }
}
