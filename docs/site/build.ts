/**
 * Builds the docs site: the docs home page, every guide and every other page under docs/ as HTML,
 * the API reference (typedoc's output) and the built playground, into one folder that works from a
 * static server or from the files. Pages are found on disk, so a new `docs/*.md` or
 * `docs/guides/*.md` is published without touching this file.
 *
 * Usage: `tsx site/build.ts [out]` from docs/ (default out: `out/`), after typedoc and the
 * playground's build; `npm run docs` at the root does all three.
 *
 * @module
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked, type Tokens } from 'marked';
import { resolveLink, type SiteMap, slug, type Target } from './links.js';
import { type NavItem, pageHtml, SITE_CSS } from './page.js';

/** Where the pieces are. */
export interface SiteOptions {
  /** The repository root. */
  readonly repo: string;
  /** The folder to write (emptied first). */
  readonly out: string;
  /** typedoc's output, copied to `api/` when it exists. */
  readonly api: string;
  /** The playground's build, copied to `playground/` when it exists. */
  readonly playground: string;
  /** Where the computed figures of `docs/guides/img/` were rendered (default: there). */
  readonly figures?: string;
}

interface Page {
  readonly source: string;
  readonly path: string;
  readonly title: string;
  readonly markdown: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function findPages(repo: string): Page[] {
  const mds = (dir: string) => readdirSync(join(repo, dir)).filter((f) => f.endsWith('.md')).sort().map((f) => `${dir}/${f}`);
  return [...mds('docs'), ...mds('docs/guides')].map((source) => {
    // front matter (`---` … `---`) is for typedoc, not for the page
    const markdown = readFileSync(join(repo, source), 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
    const rel = source.slice('docs/'.length);
    const path = rel === 'README.md' ? 'index.html' : rel.replace(/\.md$/, '.html');
    const title = /^# (.+)$/m.exec(markdown)?.[1]?.replace(/`/g, '') ?? rel;
    return { source, path, title, markdown };
  });
}

/** Home first, then the pages in the order of the home page's numbered list, then the rest by name. */
function navOf(pages: readonly Page[], site: SiteMap): NavItem[] {
  const home = pages.find((p) => p.path === 'index.html');
  const listed = home === undefined ? '' : home.markdown.split('\n').filter((l) => /^\d+\. /.test(l)).join('\n');
  const order = [...listed.matchAll(/\]\(([^)#\s]+)/g)].map((m) => `docs/${m[1]}`);
  const rank = (p: Page) => (order.includes(p.source) ? order.indexOf(p.source) : order.length);
  const rest = pages.filter((p) => p !== home).sort((a, b) => rank(a) - rank(b) || a.source.localeCompare(b.source));
  const nav: NavItem[] = home === undefined ? [] : [{ title: 'Home', path: home.path }];
  nav.push(...rest.map((p) => ({ title: p.title, path: p.path })));
  if (site.packages.size > 0) nav.push({ title: 'API reference', path: 'api/index.html' });
  if (site.playground) nav.push({ title: 'Playground', path: 'playground/index.html' });
  return nav;
}

function render(page: Page, site: SiteMap, assets: Map<string, string>): string {
  const to = (href: string): Target => {
    const t = resolveLink(href, page.source, page.path, site);
    if (t.kind === 'asset') assets.set(t.source, t.dest);
    return t;
  };
  const marked = new Marked({
    renderer: {
      heading(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, h: Tokens.Heading) {
        return `<h${h.depth} id="${esc(slug(h.text))}">${this.parser.parseInline(h.tokens)}</h${h.depth}>\n`;
      },
      link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, l: Tokens.Link) {
        const inner = this.parser.parseInline(l.tokens);
        const t = to(l.href);
        if (t.kind === 'text') return inner;
        return `<a href="${esc(t.href)}"${l.title ? ` title="${esc(l.title)}"` : ''}>${inner}</a>`;
      },
      image(i: Tokens.Image) {
        const t = to(i.href);
        if (t.kind === 'text') return esc(i.text);
        return `<img src="${esc(t.href)}" alt="${esc(i.text)}"${i.title ? ` title="${esc(i.title)}"` : ''}>`;
      },
    },
  });
  return marked.parse(page.markdown, { async: false });
}

/**
 * typedoc copies the files the guides link to into `api/media/`, so its copy of the playground's
 * source `index.html` (which cannot run there) becomes a redirect to the built playground.
 */
function pointApiToPlayground(api: string): void {
  const copy = join(api, 'media', 'index.html');
  if (!existsSync(copy) || !readFileSync(copy, 'utf8').includes('<title>lbkit playground</title>')) return;
  const target = '../../playground/index.html';
  writeFileSync(copy, `<!doctype html><meta charset="utf-8"><title>lbkit playground</title><script>location.replace('${target}' + location.hash)</script><a href="${target}">lbkit playground</a>\n`);
}

/** Builds the site; returns the pages written (site paths). */
export function buildSite(o: SiteOptions): string[] {
  const pages = findPages(o.repo);
  const apiModules = join(o.api, 'modules');
  const packages = new Map<string, string>();
  if (existsSync(join(o.api, 'index.html'))) {
    for (const dir of readdirSync(join(o.repo, 'packages'))) {
      const page = `modules/_lbkit_${dir}.html`;
      if (existsSync(join(o.api, page))) packages.set(`packages/${dir}/README.md`, `api/${page}`);
      else if (existsSync(apiModules)) packages.set(`packages/${dir}/README.md`, 'api/index.html');
    }
  }
  const site: SiteMap = {
    pages: new Map(pages.map((p) => [p.source, p.path])),
    packages,
    playground: existsSync(join(o.playground, 'index.html')),
  };
  rmSync(o.out, { recursive: true, force: true });
  mkdirSync(o.out, { recursive: true });
  const nav = navOf(pages, site);
  const assets = new Map<string, string>();
  for (const p of pages) {
    const file = join(o.out, p.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, pageHtml(p.title, render(p, site, assets), p.path, nav));
  }
  for (const [source, dest] of assets) {
    const figure = source.startsWith('docs/guides/img/') && o.figures !== undefined;
    const from = figure ? join(o.figures!, source.slice('docs/guides/img/'.length)) : join(o.repo, source);
    if (!existsSync(from)) throw new Error(`${source} is linked from the docs but missing; fix: run \`npm run figures\` in docs/ first (or add the file)`);
    mkdirSync(dirname(join(o.out, dest)), { recursive: true });
    cpSync(from, join(o.out, dest));
  }
  writeFileSync(join(o.out, 'site.css'), SITE_CSS);
  if (site.packages.size > 0) cpSync(o.api, join(o.out, 'api'), { recursive: true });
  if (site.playground) {
    cpSync(o.playground, join(o.out, 'playground'), { recursive: true });
    pointApiToPlayground(join(o.out, 'api'));
  }
  return pages.map((p) => p.path);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
  const repo = join(docs, '..');
  const out = resolve(process.argv[2] ?? join(docs, 'out'));
  const written = buildSite({ repo, out, api: join(docs, 'api'), playground: join(repo, 'packages', 'playground', 'dist') });
  console.log(`docs site: ${written.length} pages, API reference and playground in ${out}; open ${join(out, 'index.html')}`);
}
