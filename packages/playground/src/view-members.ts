/**
 * The members, live: a canvas where each attempt travels from the balancer to its member (red when
 * it failed; click one to inspect its request), and one card per member with its figures and the buttons that kill, slow, drain or
 * restart it. Drawn every frame, so it only writes text that changed.
 *
 * @module
 */
import type { Board } from './board.js';
import { el, setText } from './dom.js';
import { type ActionKind, memberName, type Settings } from './settings.js';

const FIELDS = ['state', 'served', 'rate', 'inflight', 'queue', 'latency'] as const;
type Field = (typeof FIELDS)[number];
const LABELS: Readonly<Record<Field, string>> = {
  state: 'state', served: 'served', rate: 'req/s (2 s)', inflight: 'in flight', queue: 'queued', latency: 'latency (2 s)',
};
const ACTIONS: readonly ActionKind[] = ['kill', 'slow', 'drain', 'restart'];

/** Wall-clock ms a dot takes to cross the canvas. */
const TRAVEL_MS = 400;

interface Card {
  readonly root: HTMLElement;
  readonly cells: Readonly<Record<Field, HTMLElement>>;
}

function stateOf(board: Board, i: number): string {
  const m = board.members[i]!;
  const words: string[] = [];
  if (m.crashed) words.push('dead');
  if (m.slowed) words.push('slow');
  if (m.draining) words.push('draining');
  const error = m.status.filter((s) => s !== 'ok').length;
  if (error > 0) words.push(m.status.length === 1 ? 'error state' : `error state on ${error}/${m.status.length} balancers`);
  return words.length === 0 ? 'ok' : words.join(', ');
}

/** The member cards and the flow canvas. */
export class MembersView {
  readonly root = el('section', { id: 'members' });
  private readonly canvas = el('canvas', { id: 'flow', width: 720, height: 200 });
  private readonly grid = el('div', { class: 'cards' });
  private cards: Card[] = [];
  private concurrency = 1;
  /** Where each dot was drawn last (x, y, request), for clicks. */
  private dots: number[] = [];

  constructor(
    private readonly onAction: (member: number, kind: ActionKind) => void,
    private readonly onRequest: (request: number) => void,
  ) {
    this.root.append(this.canvas, this.grid);
    this.canvas.title = 'click a dot to inspect its request';
    this.canvas.addEventListener('click', (e) => this.clicked(e));
  }

  private clicked(e: MouseEvent): void {
    const box = this.canvas.getBoundingClientRect();
    const x = ((e.clientX - box.left) * this.canvas.width) / box.width;
    const y = ((e.clientY - box.top) * this.canvas.height) / box.height;
    let best = -1;
    let bestD = 10 * 10; // within 10 canvas pixels
    for (let i = 0; i < this.dots.length; i += 3) {
      const d = (this.dots[i]! - x) ** 2 + (this.dots[i + 1]! - y) ** 2;
      if (d < bestD) [best, bestD] = [this.dots[i + 2]!, d];
    }
    if (best >= 0) this.onRequest(best);
  }

  /** Builds the cards for a new scenario. */
  reset(s: Settings): void {
    this.concurrency = s.concurrency;
    this.cards = s.members.map((m, i) => {
      const cells = {} as Record<Field, HTMLElement>;
      const dl = el('dl', {});
      for (const f of FIELDS) {
        cells[f] = el('dd', { 'data-field': f }, '');
        dl.append(el('dt', {}, LABELS[f]), cells[f]);
      }
      const buttons = ACTIONS.map((a) => {
        const b = el('button', { type: 'button', 'data-action': a, title: `${a} ${memberName(i)}` }, a);
        b.addEventListener('click', () => this.onAction(i, a));
        return b;
      });
      const root = el('article', { class: 'member', 'data-member': i },
        el('h3', {}, memberName(i), el('small', {}, ` weight ${m.weight}, speed ${m.speed}`)), dl, el('div', { class: 'actions' }, ...buttons));
      return { root, cells };
    });
    this.grid.replaceChildren(...this.cards.map((c) => c.root));
    this.canvas.height = Math.max(120, s.members.length * 34 + 20);
  }

  /** Shows the board as of now; `speed` is virtual ms per real ms, for the dots. */
  draw(board: Board, speed: number): void {
    this.cards.forEach((c, i) => {
      const m = board.members[i]!;
      const recent = board.recentOf(i);
      const state = stateOf(board, i);
      setText(c.cells.state, state);
      setText(c.cells.served, String(m.served));
      setText(c.cells.rate, recent.perSec.toFixed(1));
      setText(c.cells.inflight, String(m.inFlight));
      setText(c.cells.queue, String(Math.max(0, m.inFlight - this.concurrency)));
      setText(c.cells.latency, recent.perSec === 0 ? '-' : `${recent.latencyMs.toFixed(1)} ms`);
      c.root.dataset['served'] = String(m.served);
      c.root.dataset['forwarded'] = String(m.forwarded);
      c.root.className = state === 'ok' ? 'member' : 'member troubled';
    });
    this.drawFlow(board, speed);
  }

  private drawFlow(board: Board, speed: number): void {
    const g = this.canvas.getContext('2d');
    if (g === null) return;
    const w = this.canvas.width;
    const h = this.canvas.height;
    const n = board.members.length;
    const rowH = (h - 20) / n;
    const bx = 70;
    const mx = w - 150;
    g.clearRect(0, 0, w, h);
    g.fillStyle = '#334';
    g.fillRect(10, h / 2 - 20, bx - 10, 40);
    g.fillStyle = '#fff';
    g.font = '12px system-ui, sans-serif';
    g.fillText('balancer', 14, h / 2 + 4);
    for (let i = 0; i < n; i++) {
      const y = 10 + rowH * i + rowH / 2;
      const m = board.members[i]!;
      g.fillStyle = m.crashed ? '#c33' : m.status.some((s) => s !== 'ok') ? '#e69f00' : m.draining ? '#888' : '#0072b2';
      g.fillRect(mx, y - rowH / 2 + 3, 40, rowH - 6);
      g.fillStyle = '#fff';
      g.fillText(memberName(i), mx + 15, y + 4);
      g.fillStyle = '#56b4e9';
      g.fillRect(mx + 46, y - 5, Math.min(100, m.inFlight * 4), 10);
    }
    const span = TRAVEL_MS * speed;
    this.dots.length = 0;
    for (let k = board.flights.length - 1; k >= 0; k--) {
      const f = board.flights[k]!;
      const p = (board.now - f.at) / span;
      if (p > 1) break;
      const y = 10 + rowH * f.member + rowH / 2;
      const x = bx + (mx - bx) * Math.max(0, p);
      const dy = h / 2 + (y - h / 2) * Math.max(0, p);
      g.fillStyle = f.ok ? '#009e73' : '#d55e00';
      g.beginPath();
      g.arc(x, dy, 3, 0, Math.PI * 2);
      g.fill();
      this.dots.push(x, dy, f.request);
    }
  }
}
