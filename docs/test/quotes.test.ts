/**
 * The guides quote sequences, tables and numbers; this test recomputes each one from the core and
 * checks that the guide says exactly that.
 */
import { describe, expect, it } from 'vitest';
import { MiniProxy } from '../examples/mini-proxy.js';
import { demo } from '../examples/mini-proxy-demo.js';
import { activeStory, failoverChain, failOnStatusStory, lateSuccess, passiveStory, rejectReasons, tierStory } from '../figures/health-scenarios.js';
import { compareMethods, hashRemap } from '../figures/method-scenarios.js';
import { catchUp, counterSteps, drainStory, routeOf, sequence, sessionMoves } from '../figures/scenarios.js';
import { list, prose, read, row } from './markdown.js';

/** Fails with the phrase, not the whole guide, when `text` lacks it. */
function says(text: string, phrase: string): void {
  expect(text.includes(phrase), `the guide should say: ${phrase}`).toBe(true);
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

describe('round-robin.md', () => {
  const md = read('guides/round-robin.md');
  const text = prose('guides/round-robin.md');

  it('quotes the byrequests orders', () => {
    says(text, `**${list(sequence({ members: [{ id: 'A', weight: 3 }, { id: 'B' }, { id: 'C' }] }, 5))}**`);
    says(text, `**${list(sequence({ members: [{ id: '1' }, { id: '2' }, { id: '3' }] }, 6))}**`);
    says(text, `**${list(sequence({ members: [{ id: 'A' }, { id: 'B', weight: 2 }] }, 3))}**`);
    says(text, `**${list(sequence({ members: [{ id: 'A', weight: 5 }, { id: 'B' }] }, 6))}**`);
  });

  it('has the counter table of weights 3, 1, 1', () => {
    const names = ['A', 'B', 'C'];
    const weights = [3, 1, 1];
    counterSteps(weights, 5, names).forEach((s, k) => {
      const cells = row(md, String(k + 1));
      const expected = s.before.map((b, i) => (i === s.winner ? `${b} + ${weights[i]} = **${s.added[i]}**` : `${b} + ${weights[i]} = ${s.added[i]}`));
      expect(cells?.slice(1, 4)).toEqual(expected);
      expect(cells?.[4]).toBe(`${names[s.winner]}: ${s.added[s.winner]} - ${s.total} = ${s.after[s.winner]}`);
      expect(cells?.[5]).toBe(list(s.after));
    });
  });

  it('quotes the sticky catch-up', () => {
    const steps = catchUp();
    says(text, `**${list(steps.slice(0, 6).map((s) => s.member))}** (counters ${list(steps[5]!.lbstatus)})`);
    says(text, `(counters ${list(steps[10]!.lbstatus)})`);
    expect(steps.slice(6, 11).every((s) => s.sticky && s.member === 'static1')).toBe(true);
    const after = steps.slice(11).map((s) => s.member);
    says(text, `**${list(after.slice(0, 9))}**, and only then **${list(after.slice(9))}**`);
  });

  it('prints what the try-it snippet prints', () => {
    const pool = { members: [{ id: 'A', weight: 3 }, { id: 'B' }, { id: 'C' }] };
    const last = counterSteps([3, 1, 1], 5, ['A', 'B', 'C'])[4]!.after;
    expect(md).toContain(`// ${list(sequence(pool, 5))} [ ${list(last)} ]`);
  });
});

describe('sticky-sessions.md', () => {
  const md = read('guides/sticky-sessions.md');
  const text = prose('guides/sticky-sessions.md');
  const requests: [string, { cookie?: string; url?: string }][] = [
    ['`Cookie: ROUTEID=.static2`', { cookie: 'ROUTEID=.static2' }],
    ['`Cookie: ROUTEID=static2` (no separator)', { cookie: 'ROUTEID=static2' }],
    ['`/shop;jsessionid=ABC.static3?x=1` (path parameter)', { url: '/shop;jsessionid=ABC.static3?x=1' }],
    ['`/shop?jsessionid=ABC.static3` (query)', { url: '/shop?jsessionid=ABC.static3' }],
    ['`Cookie: ROUTEID=.static1` and `/?jsessionid=ABC.static2`', { cookie: 'ROUTEID=.static1', url: '/?jsessionid=ABC.static2' }],
    ['`Cookie: ROUTEID=.static2; ROUTEID=.static3`', { cookie: 'ROUTEID=.static2; ROUTEID=.static3' }],
    ['`Cookie: XROUTEID=.static2`', { cookie: 'XROUTEID=.static2' }],
    ['`Cookie: ROUTEID=.STATIC2`', { cookie: 'ROUTEID=.STATIC2' }],
  ];

  it.each(requests)('route table: %s', (first, request) => {
    const d = routeOf(request);
    const cells = row(md, first);
    expect(d.type).toBe('forward');
    if (d.type !== 'forward' || cells === undefined) throw new Error(`no row ${first}`);
    expect(cells[2]).toBe(d.affinity ? d.member : 'round robin');
    expect(cells[3]).toBe(String(d.routeChanged));
    if (d.affinity) expect(cells[1]).toContain(`\`${d.route}\``);
  });

  it('does not read the cookie when the URL parameter holds a value without a route (Apache)', () => {
    const d = routeOf({ url: '/x?jsessionid=nodot', cookie: 'ROUTEID=.static3' });
    expect(d.type === 'forward' && !d.affinity && d.routeChanged).toBe(true);
    says(text, '(`?jsessionid=nodot`) hides the cookie');
  });

  it('has the table of a session moving', () => {
    for (const s of sessionMoves()) {
      const t = s.at >= 1000 ? `${s.at / 1000} s` : `${s.at} ms`;
      const cells = row(md, t);
      const d = s.decision;
      if (d.type !== 'forward' || cells === undefined) throw new Error(`no row ${t}`);
      expect(cells[1]).toBe(s.cookie === '' ? 'no cookie' : `\`${s.cookie}\``);
      expect(cells[2]).toBe(d.setCookie !== null ? `${d.member}, set \`ROUTEID=${d.setCookie.value}\`` : d.member);
      if (s.outcome === 'refused') expect(cells[3]).toContain('connection refused');
    }
  });

  it('tells the drain story the core tells', () => {
    expect(drainStory()).toEqual(['static1', 'static3', 'static2', 'static1', 'reject:all-draining', 'static1']);
    says(text, 'two new sessions go to static1 and static3, a request carrying `ROUTEID=.static2` still goes to static2, and the next new session goes to static1');
  });

  it('never lets a forged route choose a member', () => {
    for (const cookie of ['ROUTEID=.admin-db', 'ROUTEID=.', `ROUTEID=.${'x'.repeat(300)}`]) {
      const d = routeOf({ cookie });
      expect(d.type === 'forward' && !d.affinity && d.routeChanged).toBe(true);
      says(text, cookie.length < 40 ? `\`${cookie}\`` : 'oversized');
    }
  });
});

describe('health-and-failover.md', () => {
  const md = read('guides/health-and-failover.md');
  const text = prose('guides/health-and-failover.md');

  it('tells the passive story', () => {
    const steps = passiveStory();
    const firstOk = steps.findIndex((s) => s.member === 'dyn2' && s.at >= 4 && !s.failed);
    const dyn2 = steps.filter((s) => s.member === 'dyn2' && s.at >= 4 && s.at <= firstOk).map((s) => s.at);
    says(text, `dyn2 gets the requests of seconds ${dyn2.slice(0, -1).join(', ')} and ${dyn2.at(-1)}: two failures, then a success`);
    expect(dyn2.map((at) => steps[at]!.failed)).toEqual([true, true, false]);
    const waiting = steps.filter((s) => !s.usable).map((s) => s.at);
    says(text, `so seconds ${waiting[0]} to ${waiting[4]} all go to dyn1`);
    expect(waiting.slice(0, 5).every((at) => steps[at]!.member === 'dyn1')).toBe(true);
    says(text, `From second ${waiting[4]! + 1} dyn2 is usable again. At ${waiting[4]! + 1} the two counters tie and the tie goes to dyn1`);
  });

  it('keeps a member waiting after a late success; applies failOnStatus', () => {
    expect(lateSuccess()).toEqual({ beforeLate: false, afterLate: false, afterRetry: true });
    expect(failOnStatusStory()).toEqual({ after503: 'error', after500: 'ok' });
    says(text, 'a 503 puts the member in error, while a 500 leaves it `ok`');
  });

  it('tells the active story', () => {
    const steps = activeStory();
    const downAt = steps.find((s) => s.check === 'down')!.at;
    const upAt = steps.find((s, k) => k > 0 && s.check === 'up' && steps[k - 1]!.check === 'down')!.at;
    says(text, `take the member down at ${downAt} s`);
    says(text, `only the passes at ${upAt - 10}, ${upAt - 5} and ${upAt} s bring it up`);
  });

  it('has the failover chain', () => {
    for (const s of failoverChain()) {
      const cells = row(md, String(s.attempt));
      expect(cells?.[1]).toBe(s.tried.length === 0 ? 'none' : list(s.tried));
      expect(cells?.[2]).toBe(s.decision.startsWith('reject:') ? `reject \`${s.decision.slice(7)}\`` : s.decision);
    }
    const two = failoverChain(2).map((s) => s.decision);
    expect(two).toEqual(['dynamic1', 'dynamic2', 'reject:attempts-exhausted']);
    says(text, 'With `maxAttempts: 2` it stops after dynamic1 and dynamic2 with `attempts-exhausted`');
  });

  it('lists every reject reason, each one reachable', () => {
    for (const [reason, got] of Object.entries(rejectReasons())) {
      expect(got).toBe(`reject:${reason}`);
      expect(row(md, `\`${reason}\``), reason).toBeDefined();
    }
  });

  it('tells the tiers story', () => {
    const picks = tierStory().map((p) => p.picks.join(','));
    expect(picks).toEqual([
      'web1,web2,web1,web2',
      'web2,web2,web2,web2',
      'spare,spare,spare,spare',
      'dr1,dr2,dr1,dr2',
      'dr2,dr2,dr2,dr2',
      'reject:all-down,reject:all-down,reject:all-down,reject:all-down',
    ]);
    says(text, 'with everything down the reject is `all-down`');
  });
});

describe('choosing-a-method.md', () => {
  const text = prose('guides/choosing-a-method.md');
  const byName = new Map(compareMethods().map((r) => [r.method, r]));
  const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`);

  it('quotes the slow-server numbers', () => {
    const rr = byName.get('byrequests')!;
    says(text, `a mean latency of **${fmt(rr.meanMs)}** (p99 ${fmt(rr.p99Ms)}) with \`byrequests\``);
    const bb = byName.get('bybusyness')!;
    says(text, `**${pct(bb.share[2]!)}**, exactly what it can serve, and a mean of **${fmt(bb.meanMs)}**`);
    const p2c = byName.get('p2c')!;
    says(text, `(**${pct(p2c.share[2]!)}**, mean ${fmt(p2c.meanMs)})`);
    says(text, `the shares are uneven (${list(byName.get('hash')!.share.map(pct))})`);
    expect(Math.abs(byName.get('random')!.share[2]! - 1 / 3)).toBeLessThan(0.02);
  });

  it('quotes the consistent-hash remapping', () => {
    const r = hashRemap();
    const moved = r.keys.filter((_, k) => r.before[k] !== r.after[k]).length;
    const onRemoved = r.before.filter((o) => o === r.removed).length;
    const movedModulo = r.keys.filter((_, k) => r.moduloBefore[k] !== r.moduloAfter[k]).length;
    expect(moved).toBe(onRemoved);
    says(text, `removing ${r.removed} moves **${moved} keys**: exactly the ${onRemoved} that ${r.removed} held`);
    says(text, `The modulo hash moves **${movedModulo}** of them`);
  });
});

describe('embedding-the-core.md', () => {
  const md = read('guides/embedding-the-core.md');

  it('quotes examples/mini-proxy.ts verbatim', () => {
    const code = read('examples/mini-proxy.ts');
    expect(md).toContain('```ts\n' + code.slice(code.indexOf('import ')).trimEnd() + '\n```');
  });

  it('shows the first lines of the log of a first request, abbreviated with …', async () => {
    let now = 0;
    const proxy = new MiniProxy({ sticky: { cookie: 'ROUTEID' }, members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }] }, async () => 200, () => (now += 5));
    await proxy.handle({ url: '/' });
    const block = md.slice(md.indexOf('```jsonl\n') + 9, md.indexOf('\n```', md.indexOf('```jsonl')));
    const shown = block.split('\n');
    expect(shown).toHaveLength(3);
    shown.forEach((line, i) => {
      const parts = line.split('…');
      let at = 0;
      for (const part of parts) {
        const found = proxy.log[i]!.indexOf(part, at);
        expect(found, `log line ${i + 1} should contain ${part}`).toBeGreaterThanOrEqual(at);
        at = found + part.length;
      }
    });
  });

  it('shows what the demo prints', async () => {
    expect(md).toContain('```\n' + (await demo()).join('\n') + '\n```');
  });
});
