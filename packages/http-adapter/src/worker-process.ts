/**
 * A cluster worker of `lbkit serve --workers N`: it gets its configuration from the primary,
 * serves on the shared listeners, and answers the primary's questions (view, metrics) and
 * commands (operator commands, reload, stop) over the IPC channel.
 *
 * @module
 */
import cluster from 'node:cluster';
import { accessLogger } from './access-log.js';
import type { ResolvedProxyConfig } from './config.js';
import type { AdminCommand } from './pool-members.js';
import { createProxy, type Proxy } from './proxy.js';
import { GRACE_MS } from './serve.js';

/** Messages from the primary to a worker. `id` pairs a question with its reply. */
export type ToWorker =
  | { readonly type: 'start'; readonly config: ResolvedProxyConfig; readonly replay: readonly AdminCommand[] }
  | { readonly type: 'view' | 'metrics' | 'stop'; readonly id: number }
  | { readonly type: 'command'; readonly id: number; readonly command: AdminCommand }
  | { readonly type: 'reload'; readonly id: number; readonly config: ResolvedProxyConfig }
  | { readonly type: 'reloadRejected' };

/** Messages from a worker to the primary. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'listening'; readonly urls: readonly string[] }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'reply'; readonly id: number; readonly ok: boolean; readonly value?: unknown; readonly error?: string };

const send = (m: FromWorker): void => void process.send?.(m);

async function answer(proxy: Proxy, m: Exclude<ToWorker, { type: 'start' | 'reloadRejected' }>): Promise<unknown> {
  switch (m.type) {
    case 'view':
      return { pid: process.pid, pools: proxy.view() };
    case 'metrics':
      return proxy.metrics === null ? [] : proxy.metrics.registry.getMetricsAsJSON();
    case 'command':
      return proxy.command(m.command);
    case 'reload':
      return proxy.reload(m.config);
    case 'stop':
      await proxy.close({ graceMs: GRACE_MS });
      return null;
  }
}

/** Runs this process as a worker until the primary stops it. */
export function runWorker(log: boolean, stdout: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve) => {
    let proxy: Proxy | null = null;
    process.on('message', (m: ToWorker) => {
      if (m.type === 'start') {
        const p = createProxy(m.config, { metrics: true, workerId: String(cluster.worker?.id ?? process.pid), ...(log ? { onRequest: accessLogger(stdout) } : {}) });
        for (const c of m.replay) {
          try {
            p.command(c);
          } catch {
            // e.g. adding a member that the reloaded file now has: the file's state stands
          }
        }
        proxy = p;
        p.listen().then(
          (addresses) => send({ type: 'listening', urls: addresses.map((a) => a.url) }),
          (e: Error) => {
            send({ type: 'failed', error: e.message });
            resolve(1);
          },
        );
        return;
      }
      if (proxy === null) return;
      if (m.type === 'reloadRejected') return proxy.metrics?.reloaded(false);
      const p = proxy;
      answer(p, m).then(
        (value) => {
          send({ type: 'reply', id: m.id, ok: true, value });
          if (m.type === 'stop') resolve(0);
        },
        (e: Error) => send({ type: 'reply', id: m.id, ok: false, error: e.message }),
      );
    });
    send({ type: 'ready' }); // messages sent before a listener exists are lost: ask for the configuration now
    // The primary decides when to stop; a signal to the process group must not cut requests short.
    process.on('SIGINT', () => {});
    process.on('SIGTERM', () => {});
    process.on('SIGHUP', () => {});
  });
}
