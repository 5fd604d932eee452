/**
 * `npm run bench:profile` (in this package, after a build): lbkit under wrk load with
 * `node --cpu-prof`, then the profile summed by self time: lbkit's own code, the core, Node's HTTP
 * stack, GC, idle. Same members and pinning as the peer benchmark.
 *
 * PROFILE_SECONDS (default 8), PROFILE_CONNECTIONS (default 256), PROFILE_PATH (/rr/ or /sticky/),
 * PROFILE_TOP (functions listed, default 25).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test-apache/apache-httpd.js';
import * as conf from './configs.js';
import { startServer } from './procs.js';
import { runWrk } from './wrk.js';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.PROFILE_CONNECTIONS ?? 256);
const PATH = process.env.PROFILE_PATH ?? '/rr/';
const HERE = fileURLToPath(new URL('.', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function category(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)' || fn === '(program)') return fn;
  if (url.includes('/packages/core/')) return 'lbkit core';
  if (url.includes('/packages/http-adapter/')) return 'lbkit http-adapter';
  if (url.includes('node_modules')) return 'dependencies';
  if (url.startsWith('node:') || url === '') return 'Node (JS and native)';
  return 'other';
}

/** Self time per function and per category, as shares of all samples. */
function summarize(p: Profile): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const cat = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + dt);
    const c = category(url, functionName);
    cat.set(c, (cat.get(c) ?? 0) + dt);
    total += dt;
  });
  const pct = (x: number): string => `${((100 * x) / total).toFixed(1)}%`;
  const top = [...fn].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 25));
  return [
    'By category (self time):',
    ...[...cat].sort((a, b) => b[1] - a[1]).map(([c, t]) => `  ${pct(t).padStart(6)}  ${c}`),
    '',
    'Top functions (self time):',
    ...top.map(([f, t]) => `  ${pct(t).padStart(6)}  ${f}`),
  ].join('\n');
}

/** One process, so that the profile is the one serving: `--workers 1` where `serve` has workers. */
function workersFlag(): string[] {
  return spawnSync('node', [CLI, 'serve', '--help'], { encoding: 'utf8' }).stdout.includes('--workers') ? ['--workers', '1'] : [];
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lbkit-profile-'));
  const members = [await freePort(), await freePort(), await freePort()];
  await writeFile(join(dir, 'members.conf'), conf.nginxMembers({ dir, members }));
  const m = await startServer('members', '1', ['nginx', '-p', dir, '-c', join(dir, 'members.conf')], members);
  const port = await freePort();
  await writeFile(join(dir, 'lbkit.yaml'), conf.lbkit({ dir, members }, port));
  const lbkit = await startServer('lbkit', '0', ['node', '--cpu-prof', `--cpu-prof-dir=${dir}`, CLI, 'serve', join(dir, 'lbkit.yaml'), ...workersFlag()], [port]);
  try {
    await runWrk('1', `http://127.0.0.1:${port}${PATH}`, 32, 2, null); // warm-up
    const r = await runWrk('1', `http://127.0.0.1:${port}${PATH}`, CONNECTIONS, SECONDS, PATH === '/sticky/' ? join(HERE, 'sticky.lua') : null);
    console.log(`lbkit ${PATH} at ${CONNECTIONS} connections, ${SECONDS} s: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.errors} errors\n`);
  } finally {
    await lbkit.stop(); // SIGTERM: lbkit closes gracefully and node writes the profile
    await m.stop();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('no .cpuprofile written');
  console.log(summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile));
  await rm(dir, { recursive: true, force: true });
}

await main();
