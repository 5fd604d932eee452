/**
 * `npm run bench:peers`: lbkit against its peers in one run. Three native members (one nginx
 * worker), then direct, a bare node:http proxy, nginx, HAProxy, Apache httpd (event MPM,
 * mod_proxy_balancer) and lbkit, each a process group pinned with taskset, loaded by wrk with the
 * round-robin and sticky workloads at 32 and 256 connections, in interleaved rounds. Prints req/s,
 * p50, p99, errors and CPU µs per request (from /proc), medians over rounds, with ratios to the bare
 * proxy and to nginx.
 *
 * BENCH_ROUNDS (default 3), BENCH_SECONDS (default 4); --quick: 1 round of 2 s.
 * BENCH_PROXY_CPUS (default "0") and BENCH_LOAD_CPUS (default "1") say where proxies and
 * wrk + members run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test-apache/apache-httpd.js';
import * as conf from './configs.js';
import { type Server, startServer } from './procs.js';
import { table, type Cell, type Sample } from './report.js';
import { runWrk } from './wrk.js';

const QUICK = process.argv.includes('--quick');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 4));
const CONNECTIONS = [32, 256];
const WORKLOADS = ['round robin', 'sticky'] as const;
const NCPU = availableParallelism();
const PROXY_CPUS = process.env.BENCH_PROXY_CPUS ?? '0';
const LOAD_CPUS = process.env.BENCH_LOAD_CPUS ?? (NCPU > 1 ? '1' : '0');
const ALL_CPUS = `0-${NCPU - 1}`;
const HERE = fileURLToPath(new URL('.', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

interface Peer {
  readonly name: string;
  readonly server: Server | null;
  readonly port: number;
}

function version(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n')[0]!.trim();
}

function lbkitWorkers(): boolean {
  return spawnSync('node', [CLI, 'serve', '--help'], { encoding: 'utf8' }).stdout.includes('--workers');
}

/** Starts every peer into `peers` (filled as they start, so that a failure still stops the others). */
async function startPeers(peers: Peer[], dir: string, members: readonly number[], workers: boolean): Promise<void> {
  const l = { dir, members };
  peers.push({ name: 'direct (one member)', server: null, port: members[0]! });
  const add = async (name: string, cpuList: string, file: string | null, text: string, command: (file: string, port: number) => string[]): Promise<void> => {
    const port = await freePort();
    const path = join(dir, file ?? `${name.replace(/\W+/g, '-')}.conf`);
    await writeFile(path, text.replaceAll('__PORT__', String(port)));
    peers.push({ name, server: await startServer(name, cpuList, command(path, port), [port]), port });
  };
  const P = '__PORT__' as unknown as number;
  await add('bare node:http', PROXY_CPUS, 'bare.txt', 'the bare proxy takes its ports as arguments', (_f, port) => ['node', join(HERE, 'bare-proxy.mjs'), String(port), ...members.map(String)]);
  await add('nginx (1 worker)', PROXY_CPUS, null, conf.nginxProxy(l, P), (f) => ['nginx', '-p', dir, '-c', f]);
  await add('HAProxy (1 thread)', PROXY_CPUS, null, conf.haproxy(l, P), (f) => ['haproxy', '-db', '-f', f]);
  await add('Apache httpd (event)', PROXY_CPUS, null, conf.apache({ ...l, dir: await mkdtemp(join(dir, 'a-')) }, P), (f) => ['apache2', '-d', dir, '-f', f, '-DFOREGROUND']);
  // `serve` runs one worker per core by default once it has --workers: ask for one explicitly
  await add('lbkit (1 worker)', PROXY_CPUS, 'lbkit.yaml', conf.lbkit(l, P), (f) => ['node', CLI, 'serve', f, ...(workers ? ['--workers', '1'] : [])]);
  if (workers) {
    await add(`lbkit (${NCPU} workers)`, ALL_CPUS, 'lbkit-all.yaml', conf.lbkit(l, P), (f) => ['node', CLI, 'serve', f, '--workers', String(NCPU)]);
    await add(`Apache httpd (${NCPU} cores)`, ALL_CPUS, null, conf.apache({ ...l, dir: await mkdtemp(join(dir, 'a-')) }, P), (f) => ['apache2', '-d', dir, '-f', f, '-DFOREGROUND']);
  }
}

async function measure(peer: Peer, workload: (typeof WORKLOADS)[number], connections: number, seconds: number): Promise<Sample> {
  const path = workload === 'sticky' ? '/sticky/' : '/rr/';
  const before = peer.server?.cpuMicros() ?? 0;
  const r = await runWrk(LOAD_CPUS, `http://127.0.0.1:${peer.port}${path}`, connections, seconds, workload === 'sticky' ? join(HERE, 'sticky.lua') : null);
  const cpu = peer.server === null ? null : (peer.server.cpuMicros() - before) / Math.max(1, r.requests);
  return { ...r, cpuPerRequestUs: cpu };
}

function header(workers: boolean): string {
  const lines = [
    `Peer benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${NCPU} CPUs (${cpus()[0]?.model.trim() ?? '?'}), load average ${loadavg()[0]!.toFixed(1)} at start`,
    `node ${process.version}; ${version('nginx', ['-v'])}; ${version('haproxy', ['-v'])}; ${version('apache2', ['-v'])}; ${version('wrk', ['--version'])}`,
    `pinning (taskset): proxies on CPU ${PROXY_CPUS}; wrk (1 thread) and the three members (one nginx worker) on CPU ${LOAD_CPUS}${workers ? `; the all-cores rows on CPUs ${ALL_CPUS}, sharing them with wrk and the members` : ''}`,
    `${ROUNDS} interleaved round(s) of ${SECONDS} s per cell, medians; sticky = every request carries ROUTEID=.staticN (cycling)`,
  ];
  if (!workers) lines.push('lbkit serve has no --workers option in this build: the all-cores rows (lbkit and Apache on every CPU) are left out');
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run bench:peers from the repository root (it builds first)`);
  const workers = lbkitWorkers();
  const dir = await mkdtemp(join(tmpdir(), 'lbkit-peers-'));
  const members = [await freePort(), await freePort(), await freePort()];
  await writeFile(join(dir, 'members.conf'), conf.nginxMembers({ dir, members }));
  const memberServer = await startServer('members', LOAD_CPUS, ['nginx', '-p', dir, '-c', join(dir, 'members.conf')], members);
  const peers: Peer[] = [];
  try {
    await startPeers(peers, dir, members, workers);
    console.log(header(workers) + '\n');
    for (const p of peers) for (const w of WORKLOADS) await measure(p, w, 32, 1); // warm-up (JIT, pools)
    const samples = new Map<string, Sample[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const connections of CONNECTIONS) {
        for (const workload of WORKLOADS) {
          const order = peers.map((_, i) => peers[(i + round) % peers.length]!);
          for (const p of order) {
            const key = `${p.name}|${workload}|${connections}`;
            samples.set(key, [...(samples.get(key) ?? []), await measure(p, workload, connections, SECONDS)]);
          }
        }
      }
      process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
    }
    const cells: Cell[] = [...samples].map(([key, s]) => {
      const [peer, workload, connections] = key.split('|');
      return { peer: peer!, workload: workload!, connections: Number(connections), samples: s };
    });
    console.log(table(cells, peers.map((p) => p.name)));
    console.log(`\nload average ${loadavg()[0]!.toFixed(1)} at the end`);
  } finally {
    for (const p of peers) await p.server?.stop();
    await memberServer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
