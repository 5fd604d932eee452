/**
 * The lessons: presets with a short text each. The guides link to them as `index.html#lesson=<id>`.
 *
 * @module
 */
import { type Action, type MethodName, type Settings, settingsOf } from './settings.js';

/** One lesson: a scenario, the clicks it comes with, and what to look at. */
export interface Lesson {
  readonly id: string;
  readonly title: string;
  /** A few sentences: what to watch and what to try. */
  readonly text: string;
  readonly settings: Settings;
  readonly actions: readonly Action[];
  /** What the side-by-side view compares this lesson against. */
  readonly compare: { readonly method: MethodName; readonly forceRecovery: boolean };
  /** Playback speed: virtual ms per real ms. */
  readonly speed: number;
}

const alike = (n: number) => Array.from({ length: n }, () => ({ weight: 1, speed: 1 }));

/** Every lesson, in teaching order. */
export const LESSONS: readonly Lesson[] = [
  {
    id: 'round-robin',
    title: 'Round robin',
    text:
      'Three alike members, byrequests (Apache\'s default). Requests arrive evenly; each one goes to the member with the ' +
      'highest lbstatus counter, which then pays back the total of all weights. Pause, step, and open a request in the ' +
      'inspector: the counters before the pick, the winner, the counters after. The order is A, B, C, A, B, C...',
    settings: settingsOf({ members: alike(3), rate: 4, arrivals: 'fixed', serviceMs: 50, durationMs: 60_000 }),
    actions: [],
    compare: { method: 'random', forceRecovery: false },
    speed: 1,
  },
  {
    id: 'weights',
    title: 'Weights 3, 1, 1',
    text:
      'lbfactor 3, 1 and 1. Apache\'s counters do not send three in a row to A: every round adds each weight to its ' +
      'counter, the highest wins and loses the sum (5). The order is A, B, A, C, A, then again: smooth, and A gets 3 of 5. ' +
      'Step through the first five requests and read each decision in the inspector.',
    settings: settingsOf({ members: [{ weight: 3, speed: 1 }, { weight: 1, speed: 1 }, { weight: 1, speed: 1 }], rate: 5, arrivals: 'fixed', serviceMs: 50, durationMs: 60_000 }),
    actions: [],
    compare: { method: 'random', forceRecovery: false },
    speed: 1,
  },
  {
    id: 'sticky',
    title: 'Sticky sessions, and the pinned member dies',
    text:
      'The sticky pool of the seed system: browsers keep the cookie ROUTEID=.<route> their first answer set, and every later ' +
      'request carries the route back to the same member. At 20 s member B dies: its sessions\' next requests fail over ' +
      'to A or C (the inspector shows the route carried and B skipped in error state), get a new cookie, and stay there. ' +
      'Restart B and it only gets new sessions once its retry period (30 s) is over.',
    settings: settingsOf({ members: alike(3), rate: 0, sessions: 60, thinkMs: 400, sticky: true, serviceMs: 5, retryMs: 30_000, durationMs: 120_000 }),
    actions: [{ at: 20_000, member: 1, kind: 'kill' }],
    compare: { method: 'bybusyness', forceRecovery: false },
    speed: 1,
  },
  {
    id: 'retry-period',
    title: 'A recovered member waits out its retry period',
    text:
      'B dies at 5 s and is back at 12 s, but the balancer put it in error state at its first failure and will not try it ' +
      'again before its retry period (20 s, Apache retry=20) is over: B stays idle until about 25 s, when one request ' +
      'tries it, succeeds, and B is back in the rotation. A shorter retry brings it back sooner but probes a dead member more often.',
    settings: settingsOf({ members: alike(3), rate: 50, serviceMs: 20, retryMs: 20_000, durationMs: 60_000 }),
    actions: [
      { at: 5_000, member: 1, kind: 'kill' },
      { at: 12_000, member: 1, kind: 'restart' },
    ],
    compare: { method: 'bybusyness', forceRecovery: false },
    speed: 1,
  },
  {
    id: 'herding',
    title: 'Least busy vs p2c with several balancers (herding)',
    text:
      'Sixteen balancers in front of ten single-threaded members at 90 % load, each balancer seeing only its own requests ' +
      'in flight. bybusyness trusts that partial view: balancers that all see a member as idle send to it together, and ' +
      'its tail is about twice what one balancer gets (set balancers to 1 and compare). p2c looks at two random members, ' +
      'so the balancers disagree and spread the load: in the side by side (same seed, same arrivals) it does better.',
    settings: settingsOf({ method: 'bybusyness', members: alike(10), balancers: 16, rate: 900, serviceMs: 10, concurrency: 1, durationMs: 30_000 }),
    actions: [],
    compare: { method: 'p2c', forceRecovery: false },
    speed: 1,
  },
  {
    id: 'retry-storm',
    title: 'A retry storm, with and without forced recovery',
    text:
      'Four members at 75 % load, a 250 ms timeout, three attempts per request. From 10 s to 20 s member B is 5 times ' +
      'slower: its requests time out and are retried on the others, which overload, time out in turn and go into error ' +
      'state, until every member is in error and requests are refused (all-down). The storm outlives the slow-down. ' +
      'Forced recovery (Apache forcerecovery) puts every member back at once instead of refusing: the side by side runs ' +
      'the same storm with it on. Count the failovers: it sends far more attempts to members that cannot cope.',
    settings: settingsOf({ members: alike(4), rate: 600, serviceMs: 20, concurrency: 4, timeoutMs: 250, failuresBeforeError: 3, retryMs: 5_000, durationMs: 40_000 }),
    actions: [
      { at: 10_000, member: 1, kind: 'slow' },
      { at: 20_000, member: 1, kind: 'restart' },
    ],
    compare: { method: 'byrequests', forceRecovery: true },
    speed: 1,
  },
];

/** The lesson called `id`, if any. */
export function lessonOf(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
