/**
 * The `lbkit` command line: `serve` and `check`, their help, and exit codes (0 ok, 1 runtime
 * error, 2 usage or configuration error). Kept apart from `cli.ts` so it can run in-process in tests.
 *
 * @module
 */
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { encodeLogEntry, LbkitError, type LogEntry } from '@lbkit/core';
import { pino } from 'pino';
import { stringify } from 'yaml';
import type { ResolvedProxyConfig } from './config.js';
import { loadProxyConfig } from './config-file.js';
import { createProxy } from './proxy.js';

/** How long `serve` lets requests in flight finish after SIGINT or SIGTERM. */
const GRACE_MS = 5_000;

/**
 * Exit codes of {@link runCli}.
 *
 * @example
 * ```ts
 * if ((await runCli(['check', file], io)) === EXIT.usage) console.error('fix the configuration')
 * ```
 */
export const EXIT = { ok: 0, runtime: 1, usage: 2 } as const;

/**
 * Where the CLI writes, and what stops `serve` (default: SIGINT or SIGTERM).
 *
 * @example
 * ```ts
 * const controller = new AbortController()
 * const stop = new Promise((resolve) => controller.signal.addEventListener('abort', resolve))
 * await runCli(['serve', 'lbkit.yaml'], { stdout: process.stdout, stderr: process.stderr, stop })
 * ```
 */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stop?: Promise<unknown>;
  /** Called once `serve` is listening, with the bound URLs. */
  readonly onListening?: (urls: string[]) => void;
}

const HELP: Readonly<Record<'main' | 'serve' | 'check', string>> = {
  main: `Usage: lbkit <command> [options]

A load-balancing reverse proxy whose every routing decision comes from the lbkit core.

Commands:
  serve <config>   run the proxy described by a YAML or JSON file
  check <config>   validate a configuration and print it with every default filled in

Options:
  -h, --help       show help (also: lbkit <command> --help)
  -v, --version    print the version

Exit codes: 0 ok, 1 runtime error, 2 usage or configuration error.
`,
  serve: `Usage: lbkit serve <config> [--log] [--record <file.jsonl>]

Runs the proxy until SIGINT (Ctrl-C) or SIGTERM; requests in flight then get 5 s to finish
(a second signal quits at once).

Options:
  --log              write one JSON line per request to stdout (method, url, status, pool, member, ms)
  --record <file>    append every input given to the core (start, decide, apply) to <file> as JSON lines,
                     for replay by the simulator
  -h, --help         show this help
`,
  check: `Usage: lbkit check <config> [--json]

Validates a configuration. Prints it with every default filled in (YAML, or JSON with --json) and exits 0,
or lists every problem with its file, path and fix and exits 2.

Options:
  --json       print JSON instead of YAML
  -h, --help   show this help
`,
};

function version(): string {
  const pkg = createRequire(import.meta.url)('../package.json') as { version: string };
  return pkg.version;
}

/** Reads a config for a command; on failure writes why and returns null. */
async function readConfig(file: string, io: CliIo): Promise<ResolvedProxyConfig | null> {
  try {
    return await loadProxyConfig(file);
  } catch (e) {
    if (e instanceof LbkitError) io.stderr.write(`lbkit: ${e.message}\n`);
    else io.stderr.write(`lbkit: cannot read ${file}: ${(e as Error).message}\n`);
    return null;
  }
}

async function check(file: string, json: boolean, io: CliIo): Promise<number> {
  const config = await readConfig(file, io);
  if (config === null) return EXIT.usage;
  io.stdout.write(json ? JSON.stringify(config, null, 2) + '\n' : stringify(config));
  const pools = Object.keys(config.pools).length;
  io.stderr.write(`lbkit: ${file} is valid: ${config.listen.length} listener(s), ${config.mounts.length} mount(s), ${pools} pool(s)\n`);
  return EXIT.ok;
}

function signalled(): Promise<string> {
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

async function serve(file: string, log: boolean, recordFile: string | undefined, io: CliIo): Promise<number> {
  const config = await readConfig(file, io);
  if (config === null) return EXIT.usage;
  const logger = log ? pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime }, io.stdout as NodeJS.WritableStream & { write(s: string): boolean }) : null;
  const sink = recordFile === undefined ? null : createWriteStream(recordFile, { flags: 'a' });
  const record = sink === null ? undefined : (e: LogEntry): void => void sink.write(encodeLogEntry(e) + '\n');
  const proxy = createProxy(config, {
    ...(record ? { record } : {}),
    ...(logger ? { onRequest: (s) => logger.info(s, 'request') } : {}),
  });
  const stop = io.stop ?? signalled();
  try {
    const addresses = await proxy.listen();
    for (const a of addresses) io.stderr.write(`lbkit: listening on ${a.url}\n`);
    io.onListening?.(addresses.map((a) => a.url));
  } catch (e) {
    io.stderr.write(`lbkit: cannot listen: ${(e as Error).message}\n`);
    await proxy.close();
    sink?.end();
    return EXIT.runtime;
  }
  await stop;
  io.stderr.write(`lbkit: stopping (requests in flight get ${GRACE_MS / 1000} s; signal again to quit now)\n`);
  await proxy.close({ graceMs: GRACE_MS });
  if (sink !== null) await new Promise<void>((resolve) => sink.end(resolve));
  return EXIT.ok;
}

/**
 * Runs the `lbkit` command line with `argv` (without `node` and the script) and resolves with the
 * exit code.
 *
 * @example
 * ```ts
 * const code = await runCli(['check', 'lbkit.yaml'], { stdout: process.stdout, stderr: process.stderr })
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' }, log: { type: 'boolean' }, record: { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (e) {
    io.stderr.write(`lbkit: ${(e as Error).message}\n\n${HELP.main}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, file, ...rest] = positionals;
  if (values.version && command === undefined) return void io.stdout.write(`${version()}\n`), EXIT.ok;
  if (command !== 'serve' && command !== 'check') {
    if (values.help && command === undefined) return void io.stdout.write(HELP.main), EXIT.ok;
    io.stderr.write(`lbkit: ${command === undefined ? 'missing command' : `unknown command "${command}"`}\n\n${HELP.main}`);
    return EXIT.usage;
  }
  if (values.help) return void io.stdout.write(HELP[command]), EXIT.ok;
  const misplaced = command === 'check' ? values.log || values.record !== undefined : values.json;
  if (file === undefined || rest.length > 0 || misplaced) {
    const why = file === undefined ? 'missing <config>' : rest.length > 0 ? `unexpected argument "${rest[0]}"` : `option not valid for ${command}`;
    io.stderr.write(`lbkit ${command}: ${why}\n\n${HELP[command]}`);
    return EXIT.usage;
  }
  return command === 'check' ? check(file, values.json ?? false, io) : serve(file, values.log ?? false, values.record, io);
}
