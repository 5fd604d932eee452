/**
 * A real Apache httpd (Debian's apache2) for the differential suite: its own ServerRoot and
 * configuration in a temporary directory, event MPM, one process in the foreground, listening on a
 * 127.0.0.1 port. Always stopped by the suite.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const APACHE_BIN = process.env.APACHE_BIN ?? '/usr/sbin/apache2';
const MODULES = process.env.APACHE_MODULES ?? '/usr/lib/apache2/modules';

/** The modules the seed's virtual host needs, and nothing else. */
const LOAD = ['mpm_event', 'authz_core', 'proxy', 'proxy_http', 'slotmem_shm', 'proxy_balancer', 'lbmethod_byrequests', 'headers'];

export interface ApacheHttpd {
  readonly url: string;
  readonly port: number;
  /** The error log so far, for failure messages. */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound then released: a small race, fine on a test machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function httpdConf(dir: string, port: number, vhostFile: string): string {
  const root = process.getuid?.() === 0;
  return [
    `ServerRoot "${dir}"`,
    ...LOAD.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`),
    // as root httpd refuses to serve as root: its children take an unprivileged user
    ...(root ? ['User nobody', 'Group nogroup'] : []),
    `Listen 127.0.0.1:${port}`,
    `PidFile "${dir}/httpd.pid"`,
    `DefaultRuntimeDir "${dir}"`,
    `ErrorLog "${dir}/error.log"`,
    'LogLevel warn',
    'ServerName 127.0.0.1',
    // one child, a few threads: the balancer state is in one place, and the machine is small
    'StartServers 1',
    'ServerLimit 1',
    'ThreadsPerChild 16',
    'MaxRequestWorkers 16',
    'MinSpareThreads 1',
    'MaxSpareThreads 16',
    'ThreadLimit 16',
    'KeepAlive On',
    `Include "${vhostFile}"`,
    '',
  ].join('\n');
}

function waitForPort(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new Error(`apache2 exited with code ${child.exitCode}`));
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`apache2 did not listen on ${port} within ${deadlineMs} ms`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/**
 * Starts Apache with `vhost` (a virtual host, as in the seed lab) included in a minimal httpd.conf.
 *
 * @example
 * ```ts
 * const apache = await startApache('<VirtualHost *>...</VirtualHost>')
 * await apache.stop()
 * ```
 */
export async function startApache(vhost: string): Promise<ApacheHttpd> {
  if (!existsSync(APACHE_BIN)) throw new Error(`${APACHE_BIN} is missing: run npm run test:apache, which installs apache2`);
  const dir = await mkdtemp(join(tmpdir(), 'lbkit-apache-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const vhostFile = join(dir, 'vhost.conf');
  await writeFile(vhostFile, vhost.replace(/<VirtualHost [^>]*>/, `<VirtualHost 127.0.0.1:${port}>`));
  await writeFile(join(dir, 'httpd.conf'), httpdConf(dir, port, vhostFile));
  const child = spawn(APACHE_BIN, ['-d', dir, '-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = async (): Promise<string> => stderr + (await readFile(join(dir, 'error.log'), 'utf8').catch(() => ''));
  try {
    await waitForPort(port, child, 10_000);
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${(e as Error).message}\n${await errorLog()}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    errorLog,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
