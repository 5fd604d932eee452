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
      't=0 (no cookie) → static1, Set-Cookie: ROUTEID=.static1; Path=/; HttpOnly',
      't=10 (no cookie) → static2, Set-Cookie: ROUTEID=.static2; Path=/; HttpOnly',
      't=20 (no cookie) → static3, Set-Cookie: ROUTEID=.static3; Path=/; HttpOnly',
      't=30 ROUTEID=.static2 → static2',
      't=40 ROUTEID=.static2 → static2',
      't=50 ROUTEID=.static2 → static1, Set-Cookie: ROUTEID=.static1; Path=/; HttpOnly',
      't=60050 ROUTEID=.static2 → static2',
    ]);
  });
});
