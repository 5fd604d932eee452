/**
 * Runs `lbkit` from its TypeScript sources in a child process (cluster workers inherit the
 * loader), reads what it prints, and always kills it in the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

export interface LbkitProcess {
  readonly child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Resolves with the first match of `re` in stderr (waits for it). */
  waitFor(re: RegExp, from?: number): Promise<RegExpMatchArray>;
  exited(): Promise<number | null>;
  kill(): Promise<void>;
}

const running = new Set<LbkitProcess>();

/** Kills every process started by {@link startLbkit}; call from afterEach. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.kill()));
}

export function startLbkit(args: readonly string[]): LbkitProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  const waiters: (() => void)[] = [];
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const handle: LbkitProcess = {
    child,
    stderr: () => err,
    stdout: () => out,
    waitFor(re, from = 0) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = err.slice(from).match(re);
          if (m !== null) return resolve(m);
          if (child.exitCode !== null) return reject(new Error(`lbkit exited (${child.exitCode}) before printing ${re}:\n${err}`));
          waiters.push(check);
        };
        child.once('exit', () => waiters.push(check) && check());
        check();
      });
    },
    exited: () => exit,
    async kill() {
      running.delete(handle);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
  running.add(handle);
  return handle;
}
