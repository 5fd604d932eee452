/**
 * What the admin listener steers: one proxy in this process, or (see `workers.ts`) every worker
 * of a cluster. The listener only sees this interface.
 *
 * @module
 */
import type { PoolView } from './member-view.js';
import type { AdminCommand } from './pool-members.js';
import type { Proxy } from './proxy.js';
import type { ReloadResult } from './reload.js';

/**
 * One operator command as kept in the admin API's recent history.
 *
 * @example
 * ```ts
 * // { at: '2026-11-26T01:02:03.000Z', command: { type: 'drain', pool: 'static', member: 'static2' }, ok: true, error: null }
 * ```
 */
export interface CommandRecord {
  readonly at: string;
  readonly command: AdminCommand | { readonly type: 'reload' };
  readonly ok: boolean;
  readonly error: string | null;
}

/**
 * The operations of the admin API.
 *
 * @example
 * ```ts
 * const control = localControl(proxy, async () => proxy.reload(await loadProxyConfig(file)))
 * await startAdmin(control, { host: '127.0.0.1', port: 8090, token: null })
 * ```
 */
export interface AdminControl {
  /** Pools and members; in a cluster, merged over the workers (`workers` says how many). */
  view(): Promise<{ readonly workers: number; readonly pids: readonly number[]; readonly pools: readonly PoolView[] }>;
  /** Applies a command (through the core of every worker). Rejects with the core's error. */
  command(cmd: AdminCommand): Promise<void>;
  /** Reloads the configuration file; a rejected configuration leaves the old one running. */
  reload(): Promise<ReloadResult>;
  /** Prometheus text exposition. */
  metrics(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/**
 * The admin control of a proxy in this process.
 *
 * @param reload - reads the configuration again and gives it to the proxy; absent: reload answers
 * that no file is known.
 * @example
 * ```ts
 * const control = localControl(proxy)
 * ```
 */
export function localControl(proxy: Proxy, reload?: () => Promise<ReloadResult>): AdminControl {
  return {
    view: async () => ({ workers: 1, pids: [process.pid], pools: proxy.view() }),
    command: async (cmd) => proxy.command(cmd),
    reload: reload ?? (async () => ({ ok: false, reasons: ['this proxy was not started from a file; fix: call proxy.reload(config)'] })),
    async metrics() {
      const m = proxy.metrics;
      if (m === null) return { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '' };
      return { contentType: m.registry.contentType, body: await m.registry.metrics() };
    },
  };
}
