/**
 * `npm run bench:before-after` (in this package, after a build): the data plane of an earlier build
 * against this one, and both against the bare node:http proxy, in one run. Same members, pinning and
 * wrk as the peer benchmark; rounds interleaved with the order rotated; medians of CPU µs per
 * request (the figure a shared machine moves least) and of p99.
 *
 * BENCH_BASE: the `dist/cli.js` of the earlier build, e.g. after
 * `git stash; npm run build -w @lbkit/http-adapter; cp -r packages/http-adapter/dist node_modules/.lbkit-base; git stash pop`
 * (kept under node_modules so that its imports resolve). BENCH_ROUNDS (default 5), BENCH_SECONDS (default 3).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test-apache/apache-httpd.js';
import * as conf from './configs.js';
import { type Server, startServer } from './procs.js';
import { runWrk } from './wrk.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const BASE = process.env.BENCH_BASE === undefined ? null : resolve(process.env.BENCH_BASE);
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const CELLS = [['rr', 32], ['sticky', 32], ['rr', 256], ['sticky', 256]] as const;

interface Peer {
  readonly name: string;
  readonly server: Server;
  readonly port: number;
}

/** Starts the three proxies into `peers` (filled as they start, so that a failure still stops the others). */
async function startPeers(peers: Peer[], dir: string, members: readonly number[]): Promise<void> {
  const runs: [string, string | null][] = [['bare node:http', null], ['lbkit before', BASE], ['lbkit after', CLI]];
  for (const [name, cli] of runs) {
    const port = await freePort();
    const file = join(dir, `${peers.length}.yaml`);
    await writeFile(file, conf.lbkit({ dir, members }, port));
    const command = cli === null ? ['node', join(HERE, 'bare-proxy.mjs'), String(port), ...members.map(String)] : ['node', cli, 'serve', file, '--workers', '1'];
    peers.push({ name, server: await startServer(name, '0', command, [port]), port });
  }
}

function load(peer: Peer, path: string, connections: number, seconds: number) {
  return runWrk('1', `http://127.0.0.1:${peer.port}/${path}/`, connections, seconds, path === 'sticky' ? join(HERE, 'sticky.lua') : null);
}

const median = (a: readonly number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;

async function rounds(peers: readonly Peer[]): Promise<Map<string, { cpu: number[]; p99: number[] }>> {
  const out = new Map<string, { cpu: number[]; p99: number[] }>();
  for (const p of peers) for (const [path] of CELLS) await load(p, path, 32, 1); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [path, connections] of CELLS) {
      for (const p of peers.map((_, i) => peers[(i + r) % peers.length]!)) {
        const before = p.server.cpuMicros();
        const w = await load(p, path, connections, SECONDS);
        const key = `${path} ${connections} ${p.name}`;
        const cell = out.get(key) ?? { cpu: [], p99: [] };
        cell.cpu.push((p.server.cpuMicros() - before) / Math.max(1, w.requests));
        cell.p99.push(w.p99Ms);
        out.set(key, cell);
        if (w.errors > 0) console.log(`${key}: errors ${w.errorKinds}`);
      }
    }
    process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`);
  }
  return out;
}

function report(peers: readonly Peer[], cells: Map<string, { cpu: number[]; p99: number[] }>): void {
  console.log('| workload | conns | proxy | CPU µs/req (median) | rounds | ÷ bare | ÷ before | p99 ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [path, connections] of CELLS) {
    const cpuOf = (name: string) => median(cells.get(`${path} ${connections} ${name}`)!.cpu);
    for (const p of peers) {
      const c = cells.get(`${path} ${connections} ${p.name}`)!;
      const before = p.name === 'lbkit after' ? `${(median(c.cpu) / cpuOf('lbkit before')).toFixed(2)}x` : '';
      const all = c.cpu.map((x) => x.toFixed(0)).join(', ');
      console.log(`| ${path === 'rr' ? 'round robin' : 'sticky'} | ${connections} | ${p.name} | ${median(c.cpu).toFixed(0)} | ${all} | ${(median(c.cpu) / cpuOf('bare node:http')).toFixed(2)}x | ${before} | ${median(c.p99).toFixed(0)} |`);
    }
  }
}

async function main(): Promise<void> {
  if (BASE === null || !existsSync(BASE)) throw new Error('BENCH_BASE must name the dist/cli.js of the earlier build (see the top of this file)');
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build this package first`);
  const dir = await mkdtemp(join(tmpdir(), 'lbkit-before-after-'));
  const members = [await freePort(), await freePort(), await freePort()];
  await writeFile(join(dir, 'members.conf'), conf.nginxMembers({ dir, members }));
  const memberServer = await startServer('members', '1', ['nginx', '-p', dir, '-c', join(dir, 'members.conf')], members);
  const peers: Peer[] = [];
  try {
    await startPeers(peers, dir, members);
    console.log(`before: ${BASE}\nafter: ${CLI}\nproxies on CPU 0, wrk and the members on CPU 1; ${ROUNDS} rounds of ${SECONDS} s, interleaved\n`);
    report(peers, await rounds(peers));
  } finally {
    for (const p of peers) await p.server.stop();
    await memberServer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
