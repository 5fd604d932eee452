/**
 * `lbkit serve --workers N`: a primary process forks N workers with `node:cluster`; they share
 * the listening sockets and each runs its own proxy (own core state, own health checks). The
 * primary owns the admin listener, whose view and metrics merge the workers', and sends every
 * operator command and reload to all of them. A worker that dies is replaced, and the commands
 * given so far are replayed to it.
 *
 * @module
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { AggregatorRegistry } from 'prom-client';
import type { AdminControl } from './admin-control.js';
import { mergeViews } from './cluster-view.js';
import type { ResolvedProxyConfig } from './config.js';
import type { PoolView } from './member-view.js';
import type { AdminCommand } from './pool-members.js';
import type { ReloadResult } from './reload.js';
import { GRACE_MS, reportReload, rereadConfig, type ServeFlags, type ServeIo, signalled, onSighup, startAdminFor } from './serve.js';
import type { FromWorker, ToWorker } from './worker-process.js';

const ASK_TIMEOUT_MS = GRACE_MS + 5_000;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** The primary's side of the IPC: questions to workers and their replies. */
class WorkerSet {
  readonly workers = new Set<Worker>();
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  onMessage(m: FromWorker): void {
    if (m.type !== 'reply') return;
    const p = this.#pending.get(m.id);
    if (p === undefined) return;
    this.#pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.error));
  }

  ask<T>(w: Worker, message: Record<string, unknown>): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`worker ${w.id} did not answer`));
      }, ASK_TIMEOUT_MS);
      timer.unref();
      this.#pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      w.send({ ...message, id } as ToWorker);
    });
  }

  all<T>(message: Record<string, unknown>): Promise<T[]> {
    return Promise.all([...this.workers].filter((w) => w.isConnected()).map((w) => this.ask<T>(w, message)));
  }
}

/** The executable the workers run: this package's CLI (TypeScript sources run under the same loader). */
function cliPath(): string {
  return fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './cli.ts' : './cli.js', import.meta.url));
}

/** The admin control of a cluster. */
function clusterControl(set: WorkerSet, state: { config: ResolvedProxyConfig; commands: AdminCommand[] }, file: string, stderr: NodeJS.WritableStream): AdminControl {
  const reload = async (): Promise<ReloadResult> => {
    const next = await rereadConfig(file);
    if (!next.ok) {
      for (const w of set.workers) if (w.isConnected()) w.send({ type: 'reloadRejected' } satisfies ToWorker);
      reportReload(next, file, stderr);
      return next;
    }
    const results = await set.all<ReloadResult>({ type: 'reload', config: next.config });
    const r = results.find((x) => !x.ok) ?? results[0] ?? { ok: false, reasons: ['no worker is running'] };
    if (r.ok) state.config = next.config; // runtime commands stay: a reload keeps them on untouched members
    reportReload(r, file, stderr);
    return r;
  };
  return {
    async view() {
      const views = await set.all<{ pid: number; pools: PoolView[] }>({ type: 'view' });
      return { workers: views.length, pids: views.map((v) => v.pid), pools: mergeViews(views.map((v) => v.pools)) };
    },
    async command(cmd) {
      state.commands.push(cmd); // before sending: a worker starting meanwhile gets it by replay
      try {
        await set.all({ type: 'command', command: cmd });
      } catch (e) {
        state.commands.splice(state.commands.indexOf(cmd), 1);
        throw e;
      }
    },
    reload,
    async metrics() {
      const all = await set.all<object[]>({ type: 'metrics' });
      const merged = AggregatorRegistry.aggregate(all as never);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}

/** Runs the primary of a cluster of `n` workers until stopped; resolves with the exit code. */
export async function servePrimary(file: string, config: ResolvedProxyConfig, n: number, flags: ServeFlags, io: ServeIo): Promise<number> {
  const set = new WorkerSet();
  const state = { config, commands: [] as AdminCommand[] };
  let stopping = false;
  let started = 0;
  let fail: (e: string) => void = () => {};
  let ready: () => void = () => {};
  const listening = new Promise<void>((resolve, reject) => ((ready = resolve), (fail = (e) => reject(new Error(e)))));
  let urls: readonly string[] = [];
  const restarts: number[] = [];
  cluster.setupPrimary({ exec: cliPath(), args: ['serve', file, '--worker', ...(flags.log ? ['--log'] : [])] });
  const fork = (): void => {
    const w = cluster.fork();
    w.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        // from now on it answers: IPC keeps order, so every later question finds its proxy
        w.send({ type: 'start', config: state.config, replay: state.commands } satisfies ToWorker);
        set.workers.add(w);
      }
      else if (m.type === 'listening') {
        if (++started === n) ((urls = m.urls), ready());
      }
      else if (m.type === 'failed') fail(m.error);
      else set.onMessage(m);
    });
    w.once('exit', (code) => {
      set.workers.delete(w);
      if (stopping) return;
      if (started < n) return fail(`worker ${w.id} exited (code ${code}) before listening`);
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length > 5 * n) return void io.stderr.write(`lbkit: worker ${w.id} exited (code ${code}); too many restarts in a minute, not replacing it\n`);
      io.stderr.write(`lbkit: worker ${w.id} exited (code ${code}); starting another\n`);
      fork();
    });
  };
  for (let i = 0; i < n; i++) fork();
  const control = clusterControl(set, state, file, io.stderr);
  let admin = null;
  try {
    await listening;
    for (const u of urls) io.stderr.write(`lbkit: listening on ${u} (${n} workers)\n`);
    admin = await startAdminFor(config, control, io.stderr);
    io.onListening?.([...urls]);
  } catch (e) {
    io.stderr.write(`lbkit: cannot listen: ${(e as Error).message}\n`);
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    return 1;
  }
  const unhook = (io.onHangup ?? onSighup)(() => void control.reload());
  await (io.stop ?? signalled());
  unhook();
  stopping = true;
  io.stderr.write(`lbkit: stopping ${Object.keys(cluster.workers ?? {}).length} workers (requests in flight get ${GRACE_MS / 1000} s)\n`);
  const all = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  const exited = all.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
  await set.all({ type: 'stop' }).catch(() => undefined);
  for (const w of all) if (!w.isDead() && w.isConnected()) w.disconnect();
  await Promise.all([Promise.all(exited), admin?.close()]);
  return 0;
}
