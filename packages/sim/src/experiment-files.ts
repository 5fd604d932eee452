/**
 * An experiment's files: `results.csv` (tidy: one row per point and figure, for pandas, R or a
 * spreadsheet), `results.json` (everything, raw replications included) and `report.html`.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentResult } from './experiment.js';
import { renderExperimentHtml } from './experiment-html.js';

function csvCell(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function num(v: number): string {
  return Number.isFinite(v) ? String(+v.toPrecision(10)) : '';
}

/**
 * The result as CSV: `point, <each axis>, figure, n, mean, half_width, low, high, sd, level, theory_ms`.
 * `theory_ms` is the predicted mean time in system, on the `latency.mean` and `sojourn.mean` rows.
 *
 * @example
 * ```ts
 * writeFileSync('results.csv', experimentCsv(result))
 * ```
 */
export function experimentCsv(r: ExperimentResult): string {
  const head = ['point', ...r.axes.map((a) => a.path), 'figure', 'n', 'mean', 'half_width', 'low', 'high', 'sd', 'level', 'theory_ms'];
  const rows = [head.map(csvCell).join(',')];
  for (const p of r.points) {
    for (const [figure, ci] of Object.entries(p.figures)) {
      const theory = p.theory !== null && (figure === 'latency.mean' || figure === 'sojourn.mean') ? num(p.theory.sojournMs) : '';
      rows.push(
        [String(p.index), ...p.values.map(([, v]) => csvCell(v)), csvCell(figure), String(ci.n), num(ci.mean), num(ci.halfWidth), num(ci.mean - ci.halfWidth), num(ci.mean + ci.halfWidth), num(ci.sd), String(ci.level), theory].join(','),
      );
    }
  }
  return rows.join('\n') + '\n';
}

/**
 * Writes `results.csv`, `results.json` and `report.html` into `dir`; returns their paths.
 *
 * @example
 * ```ts
 * writeExperiment(result, 'out/mm1-sweep', 'Sweep')
 * ```
 */
export function writeExperiment(r: ExperimentResult, dir: string, title: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, 'results.csv'), join(dir, 'results.json'), join(dir, 'report.html')];
  writeFileSync(files[0]!, experimentCsv(r));
  writeFileSync(files[1]!, JSON.stringify(r, null, 2) + '\n');
  writeFileSync(files[2]!, renderExperimentHtml(r, title));
  return files;
}
