/**
 * Servers of the peer benchmark as process groups pinned to CPUs with taskset, and their CPU time
 * read from /proc (utime + stime of every process in the group, children included).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** A running server: its process group, and its CPU time so far. */
export interface Server {
  readonly name: string;
  readonly pgid: number;
  /** CPU time (user + system) of every process of the group, in µs. */
  cpuMicros(): number;
  stop(): Promise<void>;
}

/** utime + stime (+ cutime + cstime of reaped children) per process of group `pgid`, in ticks. */
function groupTicks(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // the command name may hold spaces: fields are counted after its closing parenthesis
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) !== pgid) continue;
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks;
}

function waitForPort(port: number, child: ChildProcess, name: string, deadlineMs = 15_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new Error(`${name} exited with code ${child.exitCode}`));
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`${name} did not listen on ${port} within ${deadlineMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Starts `command` pinned to `cpus` (taskset list, e.g. "0") in its own process group and waits
 * until every port in `ports` accepts connections.
 */
export async function startServer(name: string, cpus: string, command: readonly string[], ports: readonly number[]): Promise<Server> {
  const child = spawn('taskset', ['-c', cpus, ...command], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pgid = child.pid!;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      try {
        process.kill(-pgid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    for (const p of ports) await waitForPort(p, child, name);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${stderr}`);
  }
  return { name, pgid, cpuMicros: () => (groupTicks(pgid) * 1e6) / TICKS_PER_SECOND, stop };
}
