/**
 * `lbkit-sim validate`: the simulator checks itself against textbook queueing results. Each case
 * runs R independent replications; it passes when the theory lies inside the Student-t interval of
 * the replication means (widened by the stated slack where the theory is a limit) and the interval
 * is narrow enough to mean something.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { covers } from './confidence.js';
import type { ExperimentResult } from './experiment.js';
import { runExperiment } from './experiment-run.js';
import { validationCases, type ValidationCase } from './validate-cases.js';

/** Help text of `lbkit-sim validate`. */
export const VALIDATE_HELP = `lbkit-sim validate [--quick] [--replications N] [--level L] [--workers N]

Checks the simulator against queueing theory computed from formulas: M/M/1 (W, Wq, Lq,
utilisation), M/M/c by Erlang C, random split (M/M/1 each), round robin (E_n/M/1), join the
shortest queue over two servers (its Markov chain) and p2c against the supermarket limit (with a
finite-n allowance). Prints case | theory | sim mean ± CI | pass; exits 1 when a case fails.

Options:
  --quick            smaller runs (about 30 000 requests per replication instead of 120 000)
  --replications N   per case (default 10)
  --level L          confidence level (default 0.99)
  --workers N        worker threads (default: every core)
  --only TEXT        only the cases whose name contains TEXT (e.g. --only "M/M/1,")
  -h, --help         this help`;

/** One case's verdict. */
interface Verdict {
  readonly c: ValidationCase;
  readonly mean: number;
  readonly halfWidth: number;
  readonly pass: boolean;
  readonly why: string;
}

function check(c: ValidationCase, r: ExperimentResult, maxRelWidth: number): Verdict {
  const ci = r.points[0]!.figures[c.figure]!;
  const inside = covers(ci, c.theory, c.slack);
  const narrow = ci.halfWidth <= maxRelWidth * Math.abs(c.theory);
  const why = !inside ? 'theory outside the interval' : !narrow ? `interval wider than ${maxRelWidth * 100} % of the value` : '';
  return { c, mean: ci.mean, halfWidth: ci.halfWidth, pass: inside && narrow, why };
}

function table(verdicts: readonly Verdict[], level: number): string {
  const head = ['case', 'theory', `sim mean ± ${(level * 100).toFixed(0)} % CI`, 'pass'];
  const rows = verdicts.map((v) => [v.c.name, v.c.theory.toFixed(4), `${v.mean.toFixed(4)} ± ${v.halfWidth.toFixed(4)}`, v.pass ? 'yes' : `NO (${v.why})`]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const notes = verdicts.filter((v) => v.c.note !== '').map((v) => `note: ${v.c.name}: ${v.c.note}`);
  return [line(head), rule, ...rows.map(line), ...notes].join('\n');
}

/**
 * Runs the command; returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await validate(['--quick'])
 * ```
 */
export async function validate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { quick: { type: 'boolean' }, only: { type: 'string' }, replications: { type: 'string' }, level: { type: 'string' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true) {
    console.log(VALIDATE_HELP);
    return 0;
  }
  const quick = values.quick === true;
  const replications = Number(values.replications ?? 10);
  const level = Number(values.level ?? 0.99);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (!Number.isInteger(replications) || replications < 3) throw Object.assign(new Error(`--replications must be a whole number >= 3`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  if (!(level > 0 && level < 1)) throw Object.assign(new Error(`--level must be between 0 and 1`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  const verdicts: Verdict[] = [];
  const runs = new Map<object, ExperimentResult>(); // several figures of one scenario share its runs
  const cases = validationCases(quick ? 30_000 : 120_000).filter((c) => values.only === undefined || c.name.includes(values.only));
  if (cases.length === 0) throw Object.assign(new Error(`no case name contains "${values.only}"`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  for (const c of cases) {
    let r = runs.get(c.scenario);
    if (r === undefined) {
      r = await runExperiment({ data: c.scenario, file: c.scenario.name, axes: [], seed: c.seed, replications, level }, workers === undefined ? {} : { workers });
      runs.set(c.scenario, r);
    }
    verdicts.push(check(c, r, quick ? 0.1 : 0.05));
  }
  console.log(table(verdicts, level));
  const failed = verdicts.filter((v) => !v.pass).length;
  console.log(failed === 0 ? `all ${verdicts.length} cases pass` : `${failed} of ${verdicts.length} cases FAIL`);
  return failed === 0 ? 0 : 1;
}
