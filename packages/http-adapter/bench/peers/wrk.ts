/**
 * Runs wrk (pinned with taskset) and reads its report: requests, req/s, latency percentiles, errors.
 */
import { spawn } from 'node:child_process';

/** One wrk run. */
export interface WrkResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Socket errors (connect, read, write, timeout) plus non-2xx/3xx responses. */
  readonly errors: number;
  /** The same, by kind, e.g. `read 12, non-2xx 3`; empty when none. */
  readonly errorKinds: string;
}

function ms(value: string, unit: string): number {
  const n = Number(value);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n;
}

/** Parses wrk's text report (run with --latency). */
export function parseWrk(text: string): WrkResult {
  const requests = /(\d+) requests in/.exec(text);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  const p50 = /\s50%\s+([\d.]+)(us|ms|s|m)\b/.exec(text);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s|m)\b/.exec(text);
  if (requests === null || rps === null || p50 === null || p99 === null) throw new Error(`cannot read wrk's report:\n${text}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  const kinds: [string, number][] = [
    ...(socket ? (['connect', 'read', 'write', 'timeout'] as const).map((k, i): [string, number] => [k, Number(socket[i + 1])]) : []),
    ['non-2xx', non2xx ? Number(non2xx[1]) : 0],
  ];
  const errors = kinds.reduce((a, [, n]) => a + n, 0);
  const errorKinds = kinds.filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  return { requests: Number(requests[1]), rps: Number(rps[1]), p50Ms: ms(p50[1]!, p50[2]!), p99Ms: ms(p99[1]!, p99[2]!), errors, errorKinds };
}

/** Loads `url` with `connections` connections for `seconds`, from one wrk thread on `cpus`. */
export function runWrk(cpus: string, url: string, connections: number, seconds: number, script: string | null): Promise<WrkResult> {
  const args = ['-c', cpus, 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s', ...(script ? ['-s', script] : []), url];
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited with ${code}:\n${out}`));
      try {
        resolve(parseWrk(out));
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}
