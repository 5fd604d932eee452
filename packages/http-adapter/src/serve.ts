/**
 * `lbkit serve` in one process: the proxy, its admin listener, the access log and the event
 * record; SIGHUP reloads the file, SIGINT or SIGTERM stop gracefully.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import { encodeLogEntry, LbkitError, type LogEntry } from '@lbkit/core';
import { accessLogger } from './access-log.js';
import { startAdmin, type AdminServer } from './admin.js';
import { localControl } from './admin-control.js';
import type { ResolvedProxyConfig } from './config.js';
import { adminToken } from './config-admin.js';
import { loadProxyConfig } from './config-file.js';
import { createProxy, type Proxy } from './proxy.js';
import type { ReloadResult } from './reload.js';

/** How long requests in flight may finish after SIGINT or SIGTERM. */
export const GRACE_MS = 5_000;

/** What `serve` was asked for on the command line. */
export interface ServeFlags {
  readonly log: boolean;
  readonly record: string | undefined;
}

/** Where `serve` writes and what stops or reloads it (default: signals). */
export interface ServeIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stop?: Promise<unknown>;
  readonly onListening?: (urls: string[]) => void;
  /** Subscribes to reload requests (default: SIGHUP); returns the unsubscribe function. */
  readonly onHangup?: (reload: () => void) => () => void;
}

/** Resolves on the first SIGINT or SIGTERM. */
export function signalled(): Promise<string> {
  return new Promise((resolve) => {
    const on = (s: string): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** SIGHUP as a reload trigger. */
export function onSighup(reload: () => void): () => void {
  const on = (): void => reload();
  process.on('SIGHUP', on);
  return () => process.off('SIGHUP', on);
}

/** Reads the file again: the new configuration, or why it is rejected. */
export async function rereadConfig(file: string): Promise<{ ok: true; config: ResolvedProxyConfig } | { ok: false; reasons: string[] }> {
  try {
    return { ok: true, config: await loadProxyConfig(file) };
  } catch (e) {
    return { ok: false, reasons: [e instanceof LbkitError ? e.message : `cannot read ${file}: ${(e as Error).message}`] };
  }
}

/** Writes the outcome of a reload to stderr. */
export function reportReload(r: ReloadResult, file: string, stderr: NodeJS.WritableStream): void {
  if (r.ok) stderr.write(`lbkit: reloaded ${file}: ${r.changes.length === 0 ? 'no change' : r.changes.join('; ')}\n`);
  else stderr.write(`lbkit: reload rejected, the previous configuration keeps running:\n  ${r.reasons.join('\n  ')}\n`);
}

/** Starts the admin listener of a configuration, or returns null when it has none. */
export async function startAdminFor(config: ResolvedProxyConfig, control: Parameters<typeof startAdmin>[0], stderr: NodeJS.WritableStream): Promise<AdminServer | null> {
  if (config.admin === null) return null;
  const admin = await startAdmin(control, { host: config.admin.host, port: config.admin.port, token: adminToken(config.admin) });
  stderr.write(`lbkit: admin on ${admin.url} (status page; JSON under ${admin.url}api/pools; ${admin.url}metrics)\n`);
  return admin;
}

/** Runs the proxy in this process until stopped; resolves with the exit code. */
export async function serveSingle(file: string, config: ResolvedProxyConfig, flags: ServeFlags, io: ServeIo): Promise<number> {
  const sink = flags.record === undefined ? null : createWriteStream(flags.record, { flags: 'a' });
  const record = sink === null ? undefined : (e: LogEntry): void => void sink.write(encodeLogEntry(e) + '\n');
  const proxy: Proxy = createProxy(config, { ...(record ? { record } : {}), ...(flags.log ? { onRequest: accessLogger(io.stdout) } : {}) });
  const reload = async (): Promise<ReloadResult> => {
    const next = await rereadConfig(file);
    const r = next.ok ? proxy.reload(next.config) : next;
    if (!next.ok) proxy.metrics?.reloaded(false);
    reportReload(r, file, io.stderr);
    return r;
  };
  const stop = io.stop ?? signalled();
  let admin: AdminServer | null = null;
  try {
    const addresses = await proxy.listen();
    for (const a of addresses) io.stderr.write(`lbkit: listening on ${a.url}\n`);
    admin = await startAdminFor(config, localControl(proxy, reload), io.stderr);
    io.onListening?.(addresses.map((a) => a.url));
  } catch (e) {
    io.stderr.write(`lbkit: cannot listen: ${(e as Error).message}\n`);
    await proxy.close();
    sink?.end();
    return 1;
  }
  const unhook = (io.onHangup ?? onSighup)(() => void reload());
  await stop;
  unhook();
  io.stderr.write(`lbkit: stopping (requests in flight get ${GRACE_MS / 1000} s; signal again to quit now)\n`);
  await Promise.all([proxy.close({ graceMs: GRACE_MS }), admin?.close()]);
  if (sink !== null) await new Promise<void>((resolve) => sink.end(resolve));
  return 0;
}
