import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quickStart } from './quick-start.js';

describe('README quick start', () => {
  it('is the example file, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('./quick-start.ts', import.meta.url), 'utf8');
    expect(readme).toContain(example.trim());
  });

  it('does what the README says', () => {
    expect(quickStart()).toEqual([
      't=0 (no cookie) → static1, set ROUTEID=.static1',
      't=10 (no cookie) → static2, set ROUTEID=.static2',
      't=20 (no cookie) → static3, set ROUTEID=.static3',
      't=30 ROUTEID=.static2 → static2',
      't=40 ROUTEID=.static2 → static2',
      't=50 ROUTEID=.static2 → static1, set ROUTEID=.static1',
      't=60050 ROUTEID=.static2 → static2',
    ]);
  });
});
