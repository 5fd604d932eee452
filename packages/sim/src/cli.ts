#!/usr/bin/env node
/**
 * The `lbkit-sim` command line: `run`, `compare` and `replay`.
 *
 * Exit codes: 0 success; 1 the run or replay found a problem (requests lost, a decision differs);
 * 2 bad usage or invalid input (unknown option, invalid scenario, unreadable log).
 *
 * @module
 */
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { compareMethods, compareTable, parseMethods } from './cli-compare.js';
import { replayText } from './cli-replay.js';
import { runCommand, summaryText } from './cli-run.js';
import { loadScenario, ScenarioError } from './scenario-file.js';

const HELP: Readonly<Record<string, string>> = {
  main: `lbkit-sim: discrete-event simulation of lbkit balancers

Usage:
  lbkit-sim run <scenario.json|yaml> [--seed N] [--out DIR] [--trace] [--record] [--no-progress]
  lbkit-sim compare <scenario> --methods byrequests,bybusyness,p2c [--seed N] [--pool NAME] [--out DIR]
  lbkit-sim replay <events.jsonl>
  lbkit-sim <command> --help

Exit codes: 0 ok, 1 problem found (lost requests, replay mismatch), 2 bad usage or input.`,
  run: `lbkit-sim run <scenario> [options]

Runs a scenario to the end and writes DIR/report.json and DIR/report.html.

Options:
  --seed N        seed (default: the scenario's, else 1)
  --out DIR       output directory (default: out/<scenario name>)
  --trace         also write DIR/trace.jsonl (every simulation event; large)
  --record        also write DIR/events.jsonl, the core event log (for "lbkit-sim replay")
  --no-progress   no progress bar (it is shown only on a terminal anyway)
  -h, --help      this help`,
  compare: `lbkit-sim compare <scenario> --methods m1,m2,... [options]

Runs the scenario once per lbmethod, on the same seed, and prints them side by side.
Methods: byrequests, bybusyness, random, p2c, hash.

Options:
  --methods LIST  comma-separated lbmethods (required)
  --seed N        seed (default: the scenario's, else 1)
  --pool NAME     change only this pool's method (default: every pool)
  --out DIR       also write DIR/compare.json
  -h, --help      this help`,
  replay: `lbkit-sim replay <events.jsonl>

Re-runs a core event log (written by "lbkit-sim run --record" or by a proxy) through the core and
checks that every decision matches; names the line of the first that does not.

Options:
  -h, --help      this help`,
};

class UsageError extends Error {}

function seedOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`--seed must be a whole number from 0 to 4294967295, got "${v}"`);
  return n;
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

function run(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      out: { type: 'string' },
      trace: { type: 'boolean' },
      record: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return help('run');
  const file = one(positionals, 'scenario file');
  const scenario = loadScenario(file);
  const out = values.out ?? join('out', scenario.name);
  const report = runCommand({
    scenario,
    seed: seedOf(values.seed),
    out,
    trace: values.trace === true,
    record: values.record === true,
    progress: values['no-progress'] !== true && process.stderr.isTTY === true,
  });
  console.log(summaryText(report));
  console.log(`wrote ${join(out, 'report.json')} and ${join(out, 'report.html')}`);
  if (report.requests.lost > 0) {
    console.error(`error: ${report.requests.lost} requests never ended`);
    return 1;
  }
  return 0;
}

function compare(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      methods: { type: 'string' },
      seed: { type: 'string' },
      pool: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return help('compare');
  const file = one(positionals, 'scenario file');
  if (values.methods === undefined) throw new UsageError('--methods is required, e.g. --methods byrequests,bybusyness,p2c');
  const parsed = parseMethods(values.methods);
  if (!parsed.ok) throw new UsageError(`unknown method "${parsed.unknown}" (use byrequests, bybusyness, random, p2c, hash)`);
  const scenario = loadScenario(file);
  if (values.pool !== undefined && !(values.pool in scenario.pools)) {
    throw new UsageError(`no pool "${values.pool}" in ${basename(file)} (pools: ${Object.keys(scenario.pools).join(', ')})`);
  }
  const rows = compareMethods(scenario, parsed.methods, seedOf(values.seed), values.pool);
  console.log(`${scenario.name}, seed ${rows[0]?.report.seed}:`);
  console.log(compareTable(rows));
  if (values.out !== undefined) {
    mkdirSync(values.out, { recursive: true });
    writeFileSync(join(values.out, 'compare.json'), JSON.stringify(rows, null, 2) + '\n');
  }
  return rows.some((r) => r.report.requests.lost > 0) ? 1 : 0;
}

function replay(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help === true) return help('replay');
  const file = one(positionals, 'event log');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const outcome = replayText(text, file);
  (outcome.exitCode === 0 ? console.log : console.error)(outcome.message);
  return outcome.exitCode;
}

function help(topic: string): number {
  console.log(HELP[topic] ?? HELP.main);
  return 0;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = main(['run', 'scenarios/seed-lab.json', '--seed', '7'])
 * ```
 */
export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return run(rest);
      case 'compare':
        return compare(rest);
      case 'replay':
        return replay(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        return help('main');
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof ScenarioError) {
      console.error(e.message);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
      console.error(`lbkit-sim: ${(e as Error).message}\nRun "lbkit-sim ${command !== undefined && command in HELP ? command + ' ' : ''}--help" for usage.`);
      return 2;
    }
    throw e;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    // through npm's bin symlink, argv[1] is the link: compare real paths
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}
if (invokedDirectly()) {
  // a closed pipe (`lbkit-sim run … | head`) is not an error worth a stack trace
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  process.exitCode = main(process.argv.slice(2));
}
