/**
 * The processes of a fault run: members that can be killed, restarted, hung, made to reset or to
 * answer 5xx, and the proxy in front of them. Each member's up-time is recorded so that a failed
 * request can be judged against which members were up while it ran.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const TSX = ['--import', 'tsx'];

export type MemberMode = 'ok' | 'hang' | 'reset' | '5xx';

/** A span of time during which a member was up and in `ok` mode. */
interface Span {
  from: number;
  to: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function once<T>(child: ChildProcess, pick: (m: Record<string, unknown>) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>): void => {
      const v = pick(m);
      if (v === undefined) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(v);
    };
    const onExit = (code: number | null): void => reject(new Error(`child exited (${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** One member process, restartable on the same port. */
export class Member {
  readonly id: string;
  readonly port: number;
  readonly #log: string;
  #child: ChildProcess | null = null;
  #mode: MemberMode = 'ok';
  /** When the current ok-and-up span started, or null when the member is down or faulty. */
  #upSince: number | null = null;
  readonly spans: Span[] = [];

  constructor(id: string, port: number, dir: string) {
    this.id = id;
    this.port = port;
    this.#log = join(dir, `${id}.log`);
  }

  get up(): boolean {
    return this.#child !== null;
  }

  async start(): Promise<void> {
    const child = fork(join(here, 'member.mjs'), [String(this.port), this.#log], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.#child = child;
    await once(child, (m) => (m['ready'] === true ? true : undefined));
    child.send({ mode: this.#mode });
    this.#mark();
  }

  /** kill -9; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === null) return;
    this.#child = null;
    this.#mark();
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  setMode(mode: MemberMode): void {
    this.#mode = mode;
    this.#child?.send({ mode });
    this.#mark();
  }

  /** Closes or opens the current ok span after a change of state. */
  #mark(): void {
    const ok = this.#child !== null && this.#mode === 'ok';
    const now = performance.now();
    if (ok && this.#upSince === null) this.#upSince = now;
    if (!ok && this.#upSince !== null) {
      this.spans.push({ from: this.#upSince, to: now });
      this.#upSince = null;
    }
  }

  /** Was this member up and healthy for the whole of [from, to]? */
  okThroughout(from: number, to: number): boolean {
    if (this.#upSince !== null && this.#upSince <= from) return true;
    return this.spans.some((s) => s.from <= from && s.to >= to);
  }

  /** Request ids and methods this member executed, from its log. */
  executions(): { id: string; method: string }[] {
    let text = '';
    try {
      text = readFileSync(this.#log, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [id, method] = l.split(' ');
        return { id: id!, method: method! };
      });
  }
}

/** The proxy process and what it reports about itself. */
export class ProxyProcess {
  readonly #child: ChildProcess;
  readonly port: number;

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.port = port;
  }

  static async start(config: unknown): Promise<ProxyProcess> {
    const child = fork(join(here, 'proxy-child.ts'), [JSON.stringify(config)], { execArgv: [...TSX, '--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const port = await once(child, (m) => (typeof m['port'] === 'number' ? m['port'] : undefined));
    return new ProxyProcess(child, port);
  }

  stats(): Promise<{ fds: number; rss: number }> {
    const reply = once(this.#child, (m) => (typeof m['fds'] === 'number' ? (m as { fds: number; rss: number }) : undefined));
    this.#child.send({ stats: true });
    return reply;
  }

  /** `proxy.close({ graceMs })`, as on SIGTERM; resolves once every connection is closed. */
  stopGracefully(graceMs: number): Promise<void> {
    const done = once(this.#child, (m) => (m['stopped'] === true ? true : undefined));
    this.#child.send({ stop: graceMs });
    return done.then(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const gone = new Promise((r) => this.#child.once('exit', r));
    this.#child.kill('SIGKILL');
    await gone;
  }
}

/** A temporary directory for member logs, removed by `dispose`. */
export function workDir(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lbkit-faults-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
