/**
 * Every guide and the docs home page link only to things that exist: rendered figures, committed
 * diagrams, other files of the repository, and headings of the guides they point into.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIGURES, renderFigures } from '../figures/render.js';
import { anchors, DOCS, GUIDES, links, read } from './markdown.js';

let out = '';
let rendered: string[] = [];

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'lbkit-figures-'));
  rendered = renderFigures(out);
});

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('figures', () => {
  it('renders one well-formed SVG per figure', () => {
    expect(rendered.map((f) => basename(f)).sort()).toEqual(Object.keys(FIGURES).map((n) => `${n}.svg`).sort());
    for (const file of rendered) {
      const svg = readFileSync(file, 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), file).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>'), file).toBe(true);
      expect(svg, file).not.toMatch(/NaN|undefined|Infinity/);
    }
  });

  it('renders the same bytes twice', () => {
    const again = renderFigures(join(out, 'again'));
    again.forEach((file, i) => expect(readFileSync(file, 'utf8')).toBe(readFileSync(rendered[i]!, 'utf8')));
  });

  it('every figure is shown by some guide', () => {
    const all = GUIDES.map((g) => read(`guides/${g}`)).join('\n');
    for (const name of Object.keys(FIGURES)) expect(all, name).toContain(`](img/${name}.svg)`);
  });
});

describe.each(['README.md', ...GUIDES.map((g) => `guides/${g}`)])('links of %s', (doc) => {
  const md = read(doc);
  const here = dirname(join(DOCS, doc));

  it('has relative links only to files that exist (figures once rendered)', () => {
    for (const target of links(md)) {
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
      const path = decodeURIComponent(target.split('#')[0]!);
      const absolute = join(here, path);
      const inImg = relative(join(DOCS, 'guides', 'img'), absolute);
      const exists = inImg.startsWith('..') ? existsSync(absolute) : existsSync(join(out, inImg));
      expect(exists, `${doc} links to ${target}`).toBe(true);
    }
  });

  it('links to headings that exist', () => {
    for (const target of links(md)) {
      const [path, anchor] = target.split('#');
      if (anchor === undefined || /^[a-z]+:/i.test(target) || !path!.endsWith('.md') && path !== '') continue;
      const text = path === '' ? md : readFileSync(join(here, path!), 'utf8');
      expect(anchors(text).has(anchor), `${doc} links to ${target}`).toBe(true);
    }
  });

  it('shows every picture with a text alternative', () => {
    for (const m of md.matchAll(/!\[([^\]]*)\]\(([^)]+)\)/g)) expect(m[1]!.length, m[2]).toBeGreaterThan(10);
  });
});

describe('the guide list', () => {
  const onDisk = readdirSync(join(DOCS, 'guides')).filter((f) => f.endsWith('.md')).sort();

  it('is tested, published by typedoc in reading order, and linked from the home page', () => {
    expect([...GUIDES].sort()).toEqual(onDisk);
    const typedoc = JSON.parse(read('typedoc.json')) as { projectDocuments: string[] };
    expect(typedoc.projectDocuments).toEqual(GUIDES.map((g) => `guides/${g}`));
    const home = links(read('README.md'));
    for (const g of GUIDES) expect(home).toContain(`guides/${g}`);
  });
});
