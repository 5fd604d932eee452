#!/usr/bin/env node
/**
 * The `lbkit-sim` command line: `run`, `sweep`, `compare`, `validate` and `replay`.
 *
 * Exit codes: 0 success; 1 the run or replay found a problem (requests lost, a decision differs);
 * 2 bad usage or invalid input (unknown option, invalid scenario, unreadable log).
 *
 * @module
 */
import { accessSync, constants, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { compareMethods, compareTable, parseMethods } from './cli-compare.js';
import { replayFile } from './replay-stream.js';
import { runCommand, summaryText } from './cli-run.js';
import { experimentCommand, experimentTable } from './cli-sweep.js';
import { validate, VALIDATE_HELP } from './cli-validate.js';
import { loadScenario, readScenarioData, ScenarioError, scenarioFromData } from './scenario-file.js';
import { parseSetting, type Setting, SettingError } from './scenario-set.js';

const HELP: Readonly<Record<string, string>> = {
  main: `lbkit-sim: discrete-event simulation of lbkit balancers

Usage:
  lbkit-sim run <scenario.json|yaml> [--set PATH=VALUE]... [--method M] [--seed N] [--out DIR] [--trace] [--record]
  lbkit-sim sweep <scenario> --set PATH=V1,V2,... [--set ...] [--replications N] [--level 0.95] [--out DIR]
  lbkit-sim compare <scenario> --methods byrequests,bybusyness,p2c [--replications N] [--seed N] [--out DIR]
  lbkit-sim validate [--quick] [--replications N]
  lbkit-sim replay <events.jsonl>
  lbkit-sim <command> --help

Exit codes: 0 ok, 1 problem found (lost requests, replay mismatch), 2 bad usage or input.`,
  run: `lbkit-sim run <scenario> [options]

Runs a scenario to the end and writes DIR/report.json and DIR/report.html.

Options:
  --set PATH=V    change a field first (repeatable), e.g. --set balancers.timeoutMs=none,
                  --set clients.api.arrivals.ratePerSec=900, --set serverDefaults.queue=unbounded
                  (array entries by index or by name/id; * for all: --set pools.*.method=p2c)
  --method M      set every pool's lbmethod (or only --pool NAME's)
  --pool NAME     with --method: only this pool
  --seed N        seed (default: the scenario's, else 1)
  --replication R run replication R of the seed (default 0; as in sweep)
  --out DIR       output directory (default: out/<scenario name>)
  --trace         also write DIR/trace.jsonl (every simulation event; large)
  --record        also write DIR/events.jsonl, the core event log (for "lbkit-sim replay")
  --no-progress   no progress bar (it is shown only on a terminal anyway)
  -h, --help      this help`,
  compare: `lbkit-sim compare <scenario> --methods m1,m2,... [options]

Runs the scenario once per lbmethod, on the same seed, and prints them side by side. With
--replications N, runs N independent replications per method on common random numbers (every
method sees the same arrivals and job sizes), prints intervals and paired differences, and writes
results.csv, results.json and report.html like sweep.
Methods: byrequests, bybusyness, random, p2c, hash.

Options:
  --methods LIST     comma-separated lbmethods (required)
  --replications N   replications per method (then: intervals, CSV/JSON/HTML)
  --level L          confidence level of the intervals (default 0.95)
  --set PATH=V       change a field first (repeatable; one value each)
  --seed N           seed (default: the scenario's, else 1)
  --pool NAME        change only this pool's method (default: every pool)
  --workers N        worker threads (default: every core)
  --out DIR          write DIR/compare.json (or, with --replications, the experiment files;
                     default out/<name>-compare)
  --no-progress      no progress bar
  -h, --help         this help`,
  sweep: `lbkit-sim sweep <scenario> --set PATH=V1,V2,... [--set ...] [options]

Runs every combination of the --set values (the Cartesian product), each as N independent
replications, and writes DIR/results.csv, DIR/results.json and DIR/report.html (curves with
confidence bands, and the theory where the scenario is a textbook model). Values: a comma list
(JSON where it parses), or a range FROM:TO:STEP.

Options:
  --set PATH=VALUES  an axis of the grid (repeatable)
  --replications N   independent replications per point (default 10)
  --level L          confidence level of the intervals (default 0.95)
  --seed N           seed (default: the scenario's, else 1)
  --workers N        worker threads (default: every core; results do not depend on it)
  --out DIR          output directory (default: out/<scenario name>-sweep)
  --no-progress      no progress bar (shown on a terminal only anyway)
  -h, --help         this help`,
  validate: VALIDATE_HELP,
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
      set: { type: 'string', multiple: true },
      method: { type: 'string' },
      pool: { type: 'string' },
      replication: { type: 'string' },
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
  const settings = singleSettings(values.set ?? []);
  if (values.method !== undefined) settings.push([`pools.${values.pool ?? '*'}.method`, methodOf(values.method)]);
  else if (values.pool !== undefined) throw new UsageError('--pool goes with --method');
  const scenario = loadScenario(file, settings);
  const out = values.out ?? join('out', scenario.name);
  const report = runCommand({
    scenario,
    seed: seedOf(values.seed),
    replication: wholeOf(values.replication, '--replication', 0, 1_000_000) ?? 0,
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

const EXPERIMENT_OPTIONS = {
  set: { type: 'string', multiple: true },
  replications: { type: 'string' },
  level: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function experiment(file: string, axes: Setting[], values: { replications?: string | undefined; level?: string | undefined; seed?: string | undefined; workers?: string | undefined; out?: string | undefined; 'no-progress'?: boolean | undefined }, title: string, suffix: string): Promise<number> {
  const data = readScenarioData(file);
  const base = scenarioFromData(data, file, axes.map((a) => [a.path, a.values[0]] as const));
  const { result, files } = await experimentCommand({
    spec: {
      data,
      file,
      axes,
      seed: seedOf(values.seed) ?? base.seed ?? 1,
      replications: wholeOf(values.replications, '--replications', 2, 100_000) ?? 10,
      level: levelOf(values.level),
    },
    out: values.out ?? join('out', `${base.name}-${suffix}`),
    workers: wholeOf(values.workers, '--workers', 0, 1024),
    progress: values['no-progress'] !== true && process.stderr.isTTY === true,
    title,
  });
  console.log(`${result.scenario}, seed ${result.seed}:`);
  console.log(experimentTable(result));
  console.log(`wrote ${files.join(', ')}`);
  return result.points.some((p) => (p.figures.lost?.mean ?? 0) > 0) ? 1 : 0;
}

async function sweep(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: EXPERIMENT_OPTIONS });
  if (values.help === true) return help('sweep');
  const file = one(positionals, 'scenario file');
  if (values.set === undefined) throw new UsageError('give at least one --set PATH=V1,V2,... to sweep over');
  const axes = values.set.map(parseSetting);
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > 10_000) throw new UsageError(`the grid has ${size} points; keep it under 10000`);
  return experiment(file, axes, values, 'Sweep', 'sweep');
}

async function compare(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...EXPERIMENT_OPTIONS, methods: { type: 'string' }, pool: { type: 'string' } },
  });
  if (values.help === true) return help('compare');
  const file = one(positionals, 'scenario file');
  if (values.methods === undefined) throw new UsageError('--methods is required, e.g. --methods byrequests,bybusyness,p2c');
  const parsed = parseMethods(values.methods);
  if (!parsed.ok) throw new UsageError(`unknown method "${parsed.unknown}" (use byrequests, bybusyness, random, p2c, hash)`);
  const fixed = singleSettings(values.set ?? []);
  const scenario = loadScenario(file, fixed);
  if (values.pool !== undefined && !(values.pool in scenario.pools)) {
    throw new UsageError(`no pool "${values.pool}" in ${basename(file)} (pools: ${Object.keys(scenario.pools).join(', ')})`);
  }
  if (values.replications !== undefined) {
    const axes: Setting[] = [{ path: `pools.${values.pool ?? '*'}.method`, values: parsed.methods }, ...fixed.map(([path, v]) => ({ path, values: [v] }))];
    return experiment(file, axes, values, 'Comparison', 'compare');
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

/** `--set` options for a single run: one value each. */
function singleSettings(texts: readonly string[]): [string, unknown][] {
  return texts.map((t) => {
    const s = parseSetting(t);
    if (s.values.length !== 1) throw new UsageError(`--set ${s.path} has ${s.values.length} values; give one here (use "lbkit-sim sweep" for several)`);
    return [s.path, s.values[0]];
  });
}

function methodOf(m: string): string {
  const parsed = parseMethods(m);
  if (!parsed.ok || parsed.methods.length !== 1) throw new UsageError(`--method takes one of byrequests, bybusyness, random, p2c, hash; got "${m}"`);
  return parsed.methods[0]!;
}

function wholeOf(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return n;
}

function levelOf(v: string | undefined): number {
  if (v === undefined) return 0.95;
  const n = Number(v);
  if (!(n > 0 && n < 1)) throw new UsageError(`--level must be between 0 and 1 (e.g. 0.95), got "${v}"`);
  return n;
}

function replay(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help === true) return help('replay');
  const file = one(positionals, 'event log');
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const outcome = replayFile(file);
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
 * process.exitCode = await main(['run', 'scenarios/seed-lab.json', '--seed', '7'])
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return run(rest);
      case 'sweep':
        return await sweep(rest);
      case 'compare':
        return await compare(rest);
      case 'validate':
        return await validate(rest);
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
    if (e instanceof UsageError || e instanceof SettingError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
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
  process.exitCode = await main(process.argv.slice(2));
}
