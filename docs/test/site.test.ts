/**
 * The docs site: every Markdown page of docs/ becomes an HTML page, and every link and image of
 * the built pages points to a file of the site (and to a heading that exists).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFigures } from '../figures/render.js';
import { buildSite } from '../site/build.js';
import { DOCS } from './markdown.js';

let tmp = '';
let out = '';
let pages: string[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'lbkit-site-'));
  out = join(tmp, 'site');
  const figures = join(tmp, 'img');
  renderFigures(figures);
  // without typedoc's output or the playground's build: the site links neither, and says so by omission
  pages = buildSite({ repo: join(DOCS, '..'), out, api: join(tmp, 'no-api'), playground: join(tmp, 'no-playground'), figures });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('docs site', () => {
  it('publishes every docs/*.md and docs/guides/*.md', () => {
    const md = (dir: string) => readdirSync(join(DOCS, dir)).filter((f) => f.endsWith('.md'));
    expect(pages.length).toBe(md('.').length + md('guides').length);
    expect(pages).toContain('index.html');
    for (const g of md('guides')) expect(pages).toContain(`guides/${g.replace(/\.md$/, '.html')}`);
  });

  it('links only to files and headings of the site', () => {
    for (const page of pages) {
      const html = readFileSync(join(out, page), 'utf8');
      for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
        const href = m[1]!.replace(/&amp;/g, '&');
        if (/^[a-z]+:/i.test(href)) continue;
        const [path, anchor] = href.split('#');
        const file = path === '' ? join(out, page) : join(dirname(join(out, page)), path!);
        expect(existsSync(file), `${page} links to ${href}`).toBe(true);
        if (anchor !== undefined && file.endsWith('.html')) expect(readFileSync(file, 'utf8'), `${page} links to ${href}`).toContain(`id="${anchor}"`);
      }
      expect(html, page).not.toContain('shared/');
      expect(html, page).not.toMatch(/href="[^"]*\.md(#|")/);
    }
  });
});

describe('docs site with the playground', () => {
  it('turns the guides\' lesson links into links to the built playground, and every lesson exists', async () => {
    const { LESSONS } = await import('../../packages/playground/src/lessons.js');
    const fake = join(tmp, 'playground');
    mkdirSync(fake, { recursive: true });
    writeFileSync(join(fake, 'index.html'), '<!doctype html>');
    const site = join(tmp, 'with-playground');
    buildSite({ repo: join(DOCS, '..'), out: site, api: join(tmp, 'no-api'), playground: fake, figures: join(tmp, 'img') });
    const guides = readdirSync(join(site, 'guides')).filter((f) => f.endsWith('.html'));
    const lessons = guides.flatMap((g) => [...readFileSync(join(site, 'guides', g), 'utf8').matchAll(/href="\.\.\/playground\/index\.html#lesson=([\w-]+)"/g)].map((m) => m[1]!));
    expect(new Set(lessons)).toEqual(new Set(LESSONS.map((l) => l.id)));
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('href="playground/index.html"');
  });

  it('lists the guides in the order of the home page', () => {
    const nav = /<nav>[\s\S]*?<\/nav>/.exec(readFileSync(join(out, 'index.html'), 'utf8'))![0];
    const order = [...nav.matchAll(/href="(guides\/[\w-]+\.html)"/g)].map((m) => m[1]!);
    const home = readFileSync(join(DOCS, 'README.md'), 'utf8').split('\n').filter((l) => /^\d+\. /.test(l)).join('\n');
    const listed = [...home.matchAll(/\]\((guides\/[\w-]+)\.md\)/g)].map((m) => `${m[1]!}.html`);
    expect(order.slice(0, listed.length)).toEqual(listed);
  });
});
