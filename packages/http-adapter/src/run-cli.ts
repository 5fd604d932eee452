/**
 * The `lbkit` command line: `serve` and `check`, their help, and exit codes (0 ok, 1 runtime
 * error, 2 usage or configuration error). Kept apart from `cli.ts` so it can run in-process in tests.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { LbkitError } from '@lbkit/core';
import { stringify } from 'yaml';
import type { ResolvedProxyConfig } from './config.js';
import { loadProxyConfig } from './config-file.js';
import { IMPORT_APACHE_HELP, importApacheCommand } from './import-apache-cli.js';
import { type ServeFlags, type ServeIo, serveSingle } from './serve.js';
import { runWorker } from './worker-process.js';
import { servePrimary } from './workers.js';

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
export interface CliIo extends ServeIo {
  /** Workers of `serve` when `--workers` is not given (the `lbkit` executable: the machine's cores). Default 1. */
  readonly defaultWorkers?: number;
}

const HELP: Readonly<Record<'main' | 'serve' | 'check', string>> = {
  main: `Usage: lbkit <command> [options]

A load-balancing reverse proxy whose every routing decision comes from the lbkit core.

Commands:
  serve <config>   run the proxy described by a YAML or JSON file
  check <config>   validate a configuration and print it with every default filled in
  import-apache <vhost.conf>
                   write an lbkit configuration from an Apache mod_proxy_balancer virtual host

Options:
  -h, --help       show help (also: lbkit <command> --help)
  -v, --version    print the version

Exit codes: 0 ok, 1 runtime error, 2 usage or configuration error.
`,
  serve: `Usage: lbkit serve <config> [--workers <n>] [--log] [--record <file.jsonl>]

Runs the proxy until SIGINT (Ctrl-C) or SIGTERM; requests in flight then get 5 s to finish
(a second signal quits at once). SIGHUP reloads <config>: members that did not change keep their
health, counters and sessions; a configuration with errors is rejected and the old one keeps running.
With an "admin" section, the status page, JSON API and /metrics listen there.

Options:
  --workers <n>      processes serving the listeners (node:cluster); default: the machine's cores
  --log              access log: one JSON line per request to stdout (request id, member, attempts,
                     decision, status, timings)
  --record <file>    append every input given to the core (start, decide, apply) to <file> as JSON lines,
                     for replay by the simulator (needs --workers 1)
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
  // the resolved form is for reading: an admin token written in the file is not printed
  const shown = config.admin?.token ? { ...config, admin: { ...config.admin, token: '(set)' } } : config;
  io.stdout.write(json ? JSON.stringify(shown, null, 2) + '\n' : stringify(shown));
  const pools = Object.keys(config.pools).length;
  io.stderr.write(`lbkit: ${file} is valid: ${config.listen.length} listener(s), ${config.mounts.length} mount(s), ${pools} pool(s)\n`);
  return EXIT.ok;
}

async function serve(file: string, flags: ServeFlags & { workers: number; worker: boolean }, io: CliIo): Promise<number> {
  if (flags.worker) return runWorker(flags.log, io.stdout);
  const config = await readConfig(file, io);
  if (config === null) return EXIT.usage;
  if (flags.workers > 1) return servePrimary(file, config, flags.workers, flags, io);
  return serveSingle(file, config, flags, io);
}

/** `--workers`: a whole number from 1 to 256, or null when it is not one. */
function workersOf(value: string | undefined, fallback: number): number | null {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 256 ? n : null;
}

function importApacheArgs(file: string | undefined, rest: readonly string[], values: { help?: boolean; output?: string; log?: boolean; json?: boolean; record?: string; workers?: string; worker?: boolean }, io: CliIo): Promise<number> | number {
  if (values.help) return void io.stdout.write(IMPORT_APACHE_HELP), EXIT.ok;
  if (file === undefined || rest.length > 0 || values.log || values.json || values.record !== undefined || values.workers !== undefined || values.worker) {
    const why = file === undefined ? 'missing <vhost.conf>' : rest.length > 0 ? `unexpected argument "${rest[0]}"` : 'option not valid for import-apache';
    io.stderr.write(`lbkit import-apache: ${why}\n\n${IMPORT_APACHE_HELP}`);
    return EXIT.usage;
  }
  return importApacheCommand(file, values.output, io);
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
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        log: { type: 'boolean' },
        record: { type: 'string' },
        json: { type: 'boolean' },
        workers: { type: 'string' },
        worker: { type: 'boolean' },
        output: { type: 'string', short: 'o' },
      },
    });
  } catch (e) {
    io.stderr.write(`lbkit: ${(e as Error).message}\n\n${HELP.main}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const [command, file, ...rest] = positionals;
  if (values.version && command === undefined) return void io.stdout.write(`${version()}\n`), EXIT.ok;
  if (command === 'import-apache') return importApacheArgs(file, rest, values, io);
  if (command !== 'serve' && command !== 'check') {
    if (values.help && command === undefined) return void io.stdout.write(HELP.main), EXIT.ok;
    io.stderr.write(`lbkit: ${command === undefined ? 'missing command' : `unknown command "${command}"`}\n\n${HELP.main}`);
    return EXIT.usage;
  }
  if (values.help) return void io.stdout.write(HELP[command]), EXIT.ok;
  const misplaced = values.output !== undefined || (command === 'check' ? values.log || values.record !== undefined || values.workers !== undefined : values.json);
  const workers = workersOf(values.workers, io.defaultWorkers ?? 1);
  if (workers === null) {
    io.stderr.write(`lbkit serve: --workers must be a whole number from 1 to 256\n\n${HELP.serve}`);
    return EXIT.usage;
  }
  if (workers > 1 && values.record !== undefined) {
    io.stderr.write(`lbkit serve: --record needs --workers 1 (one event log per core state)\n\n${HELP.serve}`);
    return EXIT.usage;
  }
  if (file === undefined || rest.length > 0 || misplaced) {
    const why = file === undefined ? 'missing <config>' : rest.length > 0 ? `unexpected argument "${rest[0]}"` : `option not valid for ${command}`;
    io.stderr.write(`lbkit ${command}: ${why}\n\n${HELP[command]}`);
    return EXIT.usage;
  }
  if (command === 'check') return check(file, values.json ?? false, io);
  return serve(file, { log: values.log ?? false, record: values.record, workers, worker: values.worker ?? false }, io);
}
