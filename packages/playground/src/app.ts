/**
 * The playground page: one run of the real simulator shown live, its transport (play, pause,
 * step, reset, speed), the lessons, clicks on members, and the share link.
 *
 * A position in a run is (settings, clicks, happenings taken): a click or a share link rebuilds the
 * run from the start and takes the same happenings again, so the numbers on the page are a pure
 * function of what the link holds.
 *
 * @module
 */
import { Board } from './board.js';
import { el, setText } from './dom.js';
import { Driver } from './lbkit/index.js';
import { type Lesson, LESSONS, lessonOf } from './lessons.js';
import { type Action, type ActionKind, DEFAULT_SETTINGS, type Settings } from './settings.js';
import { decodeFragment, encodeShared } from './share.js';
import { CompareView } from './view-compare.js';
import { ControlsView } from './view-controls.js';
import { MembersView } from './view-members.js';
import { RequestsView } from './view-requests.js';

/** Real ms of work one frame may spend taking happenings; past it the run slows down, the page does not. */
const FRAME_BUDGET_MS = 10;
const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10];

/** The whole page. */
export class App {
  private settings: Settings = DEFAULT_SETTINGS;
  private actions: Action[] = [];
  private driver = new Driver(DEFAULT_SETTINGS);
  private board = new Board(3, 1);
  private playing = false;
  private speed = 1;
  private lastFrame = 0;
  private listedAt = 0;
  /** Real ms between frames, for the e2e test's frame timing. */
  readonly frames: number[] = [];
  /** Real ms of work in each frame (simulating and drawing), for the same. */
  readonly work: number[] = [];

  private readonly controls = new ControlsView(this.settings, (s) => {
    this.lessonSelect.value = ''; // the scenario is no longer the lesson's
    this.load(s, this.actions, 0, 0);
  });
  private readonly members = new MembersView((m, k) => this.act(m, k), (r) => this.requests.inspect(this.board, r));
  private readonly requests = new RequestsView();
  private readonly compare = new CompareView(() => ({ settings: this.settings, actions: this.actions }));
  private readonly toggle = el('button', { type: 'button', id: 'toggle' }, 'Play');
  private readonly clock = el('span', { id: 'clock' });
  private readonly totals = el('p', { id: 'totals' });
  private readonly stepLine = el('p', { id: 'step-line' });
  private readonly lessonSelect = el('select', { id: 'lesson' }, el('option', { value: '' }, 'Lessons…'), ...LESSONS.map((l) => el('option', { value: l.id }, l.title)));
  private readonly lessonText = el('div', { id: 'lesson-text' });
  private readonly clicks = el('p', { id: 'clicks' });
  private readonly shareUrl = el('input', { id: 'share-url', readonly: true, 'aria-label': 'share link' });

  constructor(private readonly root: HTMLElement) {
    this.layout();
    this.fromFragment();
    // a lesson link or a share link pasted into this tab changes only the fragment
    window.addEventListener('hashchange', () => this.fromFragment());
    requestAnimationFrame((t) => this.frame(t));
  }

  private fromFragment(): void {
    this.setPlaying(false);
    const { shared, lesson } = decodeFragment(location.hash);
    if (shared !== undefined) {
      this.speed = shared.speed;
      this.compare.choose(shared.compare);
      this.load(shared.settings, [...shared.actions], shared.t, shared.n);
    } else {
      const l = lesson === undefined ? undefined : lessonOf(lesson);
      if (l !== undefined) this.loadLesson(l);
      else this.load(DEFAULT_SETTINGS, [], 0, 0);
    }
  }

  private layout(): void {
    const button = (id: string, text: string, fn: () => void) => {
      const b = el('button', { type: 'button', id }, text);
      b.addEventListener('click', fn);
      return b;
    };
    this.toggle.addEventListener('click', () => this.setPlaying(!this.playing));
    const speed = el('select', { id: 'speed', 'aria-label': 'speed' }, ...SPEEDS.map((s) => el('option', { value: s, selected: s === this.speed }, `${s}×`)));
    speed.addEventListener('change', () => (this.speed = Number(speed.value)));
    this.lessonSelect.addEventListener('change', () => {
      const l = lessonOf(this.lessonSelect.value);
      if (l !== undefined) this.loadLesson(l);
    });
    const transport = el('div', { class: 'transport' },
      this.toggle, button('step', 'Step', () => this.step()), button('reset', 'Reset', () => this.load(this.settings, this.actions, 0, 0)),
      button('clear-clicks', 'Clear clicks', () => this.load(this.settings, [], 0, 0)), speed, this.clock);
    const share = el('div', { class: 'share' }, button('share', 'Share link', () => this.share()), this.shareUrl);
    this.root.append(
      el('header', {}, el('h1', {}, 'lbkit playground'), this.lessonSelect, share,
        el('a', { href: '../index.html' }, 'docs')),
      el('main', {},
        el('aside', {}, this.controls.root),
        el('div', { class: 'centre' }, this.lessonText, transport, this.totals, this.stepLine, this.clicks, this.members.root, this.compare.root),
        this.requests.root));
  }

  private loadLesson(l: Lesson): void {
    this.lessonSelect.value = l.id;
    this.speed = l.speed;
    this.compare.choose(l.compare);
    this.lessonText.replaceChildren(el('h2', {}, l.title), el('p', {}, l.text));
    this.load(l.settings, [...l.actions], 0, 0);
  }

  /** Rebuilds the run and takes happenings until `n` are taken and time `t` is shown. */
  private load(s: Settings, actions: Action[], t: number, n: number): void {
    this.settings = s;
    this.actions = actions;
    this.driver = new Driver(s, actions);
    this.board = new Board(s.members.length, s.balancers);
    while (this.board.taken < n) {
      const h = this.driver.next();
      if (h === undefined) break;
      this.board.take(h);
    }
    this.board.now = Math.max(this.board.now, t);
    this.controls.show(s);
    this.members.reset(s);
    this.requests.reset();
    this.clicks.textContent = actions.length === 0 ? '' : `Clicks: ${actions.map((a) => `${a.kind} ${String.fromCharCode(65 + a.member)} at ${(a.at / 1000).toFixed(2)} s`).join('; ')}`;
    this.render(true);
  }

  /** Takes every happening up to `t`, for at most `budget` real ms; returns the time reached. */
  private advance(t: number, budget: number): number {
    const until = performance.now() + budget;
    for (let k = 0; ; k++) {
      const h = this.driver.take(t);
      if (h === undefined) return t;
      this.board.take(h);
      if ((k & 63) === 63 && performance.now() > until) return this.board.now;
    }
  }

  private act(member: number, kind: ActionKind): void {
    const at = this.board.now;
    this.load(this.settings, [...this.actions, { at, member, kind }], at, this.board.taken);
    // show the click's own effect (the fault or the drain at `at`) at once, even when paused
    this.advance(at, Infinity);
    this.render(true);
  }

  private step(): void {
    this.setPlaying(false);
    const h = this.driver.next();
    if (h === undefined) return;
    this.board.take(h);
    const who = 'member' in h ? ` ${String.fromCharCode(65 + h.member)}` : '';
    this.stepLine.textContent = `${(h.at / 1000).toFixed(4)} s: ${h.kind}${who}${'request' in h ? ` (request #${h.request})` : ''}`;
    this.render(true);
    if ('request' in h) this.requests.inspect(this.board, h.request);
  }

  private setPlaying(on: boolean): void {
    this.playing = on && !this.driver.done;
    this.toggle.textContent = this.playing ? 'Pause' : 'Play';
  }

  private share(): void {
    this.setPlaying(false);
    const fragment = encodeShared({ settings: this.settings, actions: this.actions, t: this.board.now, n: this.board.taken, speed: this.speed, compare: this.compare.choice });
    const url = `${location.href.split('#')[0]}#${fragment}`;
    history.replaceState(null, '', url);
    this.shareUrl.value = url;
  }

  private frame(ts: number): void {
    if (this.lastFrame > 0) {
      this.frames.push(ts - this.lastFrame);
      if (this.frames.length > 10_000) this.frames.splice(0, 5_000);
    }
    const dt = Math.min(100, this.lastFrame === 0 ? 0 : ts - this.lastFrame);
    this.lastFrame = ts;
    if (this.playing) {
      const reached = this.advance(this.board.now + dt * this.speed, FRAME_BUDGET_MS);
      this.board.now = reached;
      if (this.driver.done) this.setPlaying(false);
    }
    this.render(false);
    this.work.push(performance.now() - ts);
    if (this.work.length > 10_000) this.work.splice(0, 5_000);
    requestAnimationFrame((t) => this.frame(t));
  }

  private render(all: boolean): void {
    const b = this.board;
    setText(this.clock, `t = ${(b.now / 1000).toFixed(3)} s · ${b.taken} events${this.driver.done ? ' · run over' : ''}`);
    this.clock.dataset['t'] = String(b.now);
    this.clock.dataset['n'] = String(b.taken);
    setText(this.totals, `sent ${b.sent} · served ${b.served} · refused ${b.refused} · failovers ${b.failovers}`);
    this.members.draw(b, this.speed);
    const now = performance.now();
    if (all || now - this.listedAt > 250) {
      this.listedAt = now;
      this.requests.draw(b);
    }
  }
}
