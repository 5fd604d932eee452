/**
 * `npm run test:hostile`: the hostile corpus, as raw bytes, through lbkit (asserted) and, when
 * installed, nginx and HAProxy (printed side by side, not asserted), all in front of the same two
 * recording members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, startProxy } from '../helpers.js';
import { rawExchange, type RecordingMember, recordingMember, responses } from '../raw.js';
import { CORPUS, type HostileCase, type SeenRequest } from './corpus.js';
import { type Peer, peerVersion, startPeers } from './peers.js';

/** What one proxy did with one case. */
interface Outcome {
  readonly statuses: number[];
  readonly seen: SeenRequest[];
  /** Violations of the member-side invariants (none allowed for lbkit). */
  readonly violations: string[];
}

let app: RecordingMember;
let root: RecordingMember;
let lbkitPort = 0;
let peers: Peer[] = [];
const results = new Map<string, Map<string, Outcome>>();

const key = (c: HostileCase): string => `${c.group}: ${c.name}`;
const isBarrier = (path: string): boolean => path.includes('__barrier__');

/** Requests each member has seen so far (barriers excluded). */
function seenSince(mark: { app: number; root: number }): SeenRequest[] {
  const from = (m: RecordingMember, pool: 'app' | 'root', start: number): SeenRequest[] =>
    m.requests.slice(start).filter((r) => !isBarrier(r.url)).map((r) => ({ pool, method: r.method, path: r.url, rawHeaders: r.rawHeaders, body: r.body.toString('latin1') }));
  return [...from(app, 'app', mark.app), ...from(root, 'root', mark.root)];
}

/** The member-side invariants: only allowed requests, each once, with their exact body; never the smuggled one. */
function violationsOf(c: HostileCase, seen: readonly SeenRequest[]): string[] {
  const out: string[] = [];
  const left = [...c.allowed];
  for (const s of seen) {
    if (s.path.includes('SMUGGLED')) {
      out.push(`smuggled ${s.method} ${s.path} reached ${s.pool}`);
      continue;
    }
    const i = left.findIndex((a) => a.pool === s.pool && a.method === s.method && a.path === s.path);
    if (i < 0) {
      out.push(`unexpected ${s.method} ${s.path} at ${s.pool}`);
      continue;
    }
    const [allowed] = left.splice(i, 1);
    if (allowed!.body !== undefined && allowed!.body !== s.body) out.push(`body of ${s.method} ${s.path} changed (${s.body.length} bytes, want ${allowed!.body.length})`);
  }
  return out;
}

/** Sends a request on a fresh connection and waits for its answer: every earlier forward is then done. */
async function barrier(port: number): Promise<void> {
  for (const path of ['/app/__barrier__', '/__barrier__']) {
    await rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n`, { until: responses(1), idleMs: 3_000 });
  }
}

async function runCase(port: number, c: HostileCase): Promise<Outcome> {
  const mark = { app: app.requests.length, root: root.requests.length };
  const expected = c.lbkit.filter((s) => s >= 200).length;
  const answer = await rawExchange(port, c.bytes, { until: responses(Math.max(1, expected) + (c.lbkit.includes(100) ? 1 : 0)), idleMs: 2_000 });
  await barrier(port);
  const seen = seenSince(mark);
  return { statuses: answer.statuses, seen, violations: violationsOf(c, seen) };
}

beforeAll(async () => {
  app = await recordingMember('a1');
  root = await recordingMember('r1');
  const { url } = await startProxy({
    mounts: [
      { prefix: '/app/', pool: 'app', rewrite: '/' },
      { prefix: '/', pool: 'root' },
    ],
    pools: {
      app: { sticky: { cookie: 'ROUTEID' }, members: [{ id: 'a1', url: app.url }] },
      root: { members: [{ id: 'r1', url: root.url }] },
    },
  });
  lbkitPort = Number(new URL(url).port);
  peers = await startPeers(app.port, root.port);
}, 60_000);

afterAll(async () => {
  for (const p of peers) await p.stop();
  await closeAll();
  printTable();
});

describe('hostile corpus through lbkit', () => {
  it.each(CORPUS.map((c) => [key(c), c] as const))('%s', async (_name, c) => {
    const o = await runCase(lbkitPort, c);
    (results.get('lbkit') ?? results.set('lbkit', new Map()).get('lbkit')!).set(key(c), o);
    expect(o.violations, 'member-side invariants').toEqual([]);
    expect(o.statuses, 'lbkit answers').toEqual(c.lbkit);
    if (c.check !== undefined) expect(c.check(o.seen)).toBeNull();
  });

  it('no member ever parsed a request the client did not send', () => {
    const all = [...app.requests, ...root.requests];
    expect(all.filter((r) => r.url.includes('SMUGGLED'))).toEqual([]);
    expect(app.requests.length + root.requests.length).toBeGreaterThan(CORPUS.length);
  });
});

describe('the same corpus through the installed peers (informative)', () => {
  it('runs every case through each peer', async () => {
    for (const p of peers) {
      const table = new Map<string, Outcome>();
      results.set(p.name, table);
      for (const c of CORPUS) table.set(key(c), await runCase(p.port, c));
    }
    expect(results.get('lbkit')?.size).toBe(CORPUS.length);
  }, 600_000);
});

function cell(o: Outcome | undefined): string {
  if (o === undefined) return '';
  const status = o.statuses.length === 0 ? 'closed' : o.statuses.join('+');
  const members = o.seen.length === 0 ? '' : ` →${o.seen.length}`;
  return `${status}${members}${o.violations.length > 0 ? ` !${o.violations.join('; ')}` : ''}`;
}

function printTable(): void {
  const names = ['lbkit', ...peers.map((p) => p.name)];
  const heads = names.map((n) => (n === 'lbkit' ? n : `${n} ${peerVersion(n)}`));
  const lines = [`| case | ${heads.join(' | ')} |`, `|---|${names.map(() => '---').join('|')}|`];
  for (const c of CORPUS) lines.push(`| ${key(c)} | ${names.map((n) => cell(results.get(n)?.get(key(c)))).join(' | ')} |`);
  const counts = names.map((n) => [...(results.get(n)?.values() ?? [])].filter((o) => o.violations.length > 0).length);
  lines.push(`| **cases outside the allowed set** (asserted 0 for lbkit only) | ${counts.join(' | ')} |`);
  process.stdout.write(`\nHostile corpus: ${CORPUS.length} cases. Cell: statuses answered, →N requests the members received, !violations.\n${lines.join('\n')}\n`);
}
