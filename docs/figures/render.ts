/**
 * Renders the guide figures from the real core into a directory (the guides link `img/<name>.svg`).
 *
 * `npm run figures` (and so `npm run docs`) writes them to `guides/img/`, which is not committed:
 * the figures are always recomputed from the code they describe. The guide test renders them into
 * a temporary directory with {@link renderFigures}.
 *
 * Usage: `tsx figures/render.ts <out-dir>`
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { catchUpChart, counterTable, orders } from './draw-round-robin.js';
import { activeChart, passiveChart, tiersChart } from './draw-health.js';
import { hashRemapChart, methodsChart } from './draw-methods.js';
import { sessionChart } from './draw-sticky.js';

/** Every figure, by file name (without `.svg`). */
export const FIGURES: Readonly<Record<string, () => string>> = {
  'byrequests-counters': counterTable,
  'byrequests-orders': orders,
  'sticky-catch-up': catchUpChart,
  'session-moves': sessionChart,
  'passive-health': passiveChart,
  'active-health': activeChart,
  tiers: tiersChart,
  'methods-slow-server': methodsChart,
  'hash-remap': hashRemapChart,
};

/** Writes every figure into `outDir` (created if needed); returns the files written. */
export function renderFigures(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(FIGURES).map(([name, draw]) => {
    const file = join(outDir, `${name}.svg`);
    writeFileSync(file, draw());
    return file;
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = process.argv[2] ?? 'guides/img';
  const files = renderFigures(out);
  console.log(`figures: ${files.length} SVG files in ${out}`);
}
