/**
 * nginx and HAProxy in front of the same members as lbkit, for a side-by-side table (informative:
 * nothing about them is asserted). Each is started only if its binary is installed, as a child
 * process with its configuration in a temporary directory, and stopped after the run.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../faults/fleet.js';

/** A running peer proxy. */
export interface Peer {
  readonly name: string;
  readonly port: number;
  stop(): Promise<void>;
}

function installed(binary: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']) {
    if (spawnSync('test', ['-x', join(dir, binary)]).status === 0) return join(dir, binary);
  }
  return null;
}


/** Resolves once `port` accepts a connection, or rejects after `tries` attempts 50 ms apart. */
async function accepting(port: number, child: ChildProcess, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} never accepted`);
}

async function run(name: string, binary: string, args: (dir: string, port: number) => string[], config: (dir: string, port: number) => [string, string]): Promise<Peer | null> {
  const dir = mkdtempSync(join(tmpdir(), `lbkit-${name}-`));
  chmodSync(dir, 0o777); // nginx workers may run as nobody
  const port = await freePort();
  const [file, text] = config(dir, port);
  writeFileSync(join(dir, file), text);
  const child = spawn(binary, args(dir, port), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await accepting(port, child);
    return { name, port, stop };
  } catch (e) {
    await stop();
    process.stderr.write(`hostile: ${name} did not start (${(e as Error).message}): ${stderr.slice(0, 500)}\n`);
    return null;
  }
}

function nginxConfig(dir: string, port: number, app: number, root: number): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  return `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
http {
  access_log off; ${temp}
  upstream app { server 127.0.0.1:${app}; keepalive 8; }
  upstream root { server 127.0.0.1:${root}; keepalive 8; }
  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    location /app/ { proxy_pass http://app/; }
    location / { proxy_pass http://root; }
  }
}
`;
}

function haproxyConfig(port: number, app: number, root: number): string {
  return `global
  maxconn 256
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
  option forwardfor
frontend fe
  bind 127.0.0.1:${port}
  use_backend app if { path_beg /app/ }
  default_backend root
backend app
  http-request replace-path ^/app/(.*) /\\1
  server a1 127.0.0.1:${app}
backend root
  server r1 127.0.0.1:${root}
`;
}

/** Starts the installed peers (unless `HOSTILE_PEERS=0`) in front of members `app` and `root`. */
export async function startPeers(app: number, root: number): Promise<Peer[]> {
  if (process.env['HOSTILE_PEERS'] === '0') return [];
  const peers: Peer[] = [];
  const nginx = installed('nginx');
  if (nginx !== null) {
    const p = await run('nginx', nginx, (dir) => ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], (dir, port) => ['nginx.conf', nginxConfig(dir, port, app, root)]);
    if (p !== null) peers.push(p);
  }
  const haproxy = installed('haproxy');
  if (haproxy !== null) {
    const p = await run('haproxy', haproxy, (dir) => ['-f', join(dir, 'haproxy.cfg'), '-db'], (_dir, port) => ['haproxy.cfg', haproxyConfig(port, app, root)]);
    if (p !== null) peers.push(p);
  }
  return peers;
}

/** The version line of a peer, for the table's header. */
export function peerVersion(name: string): string {
  const binary = installed(name);
  if (binary === null) return '';
  const r = spawnSync(binary, ['-v'], { encoding: 'utf8' });
  const text = `${r.stdout}${r.stderr}`;
  const m = /(\d+\.\d+\.\d+)/.exec(text);
  return m === null ? '' : m[1]!;
}
