/**
 * Where a Markdown link of the docs points in the built site. The Markdown is written for reading
 * in the repository (links to `.md` files, package READMEs, the playground's `index.html`); the
 * site has HTML pages, the API reference and the built playground instead.
 *
 * @module
 */
import { posix } from 'node:path';

/** What the site holds, to resolve links against (paths relative to the repository root). */
export interface SiteMap {
  /** Markdown sources published as pages: `docs/guides/x.md` → `guides/x.html`. */
  readonly pages: ReadonlyMap<string, string>;
  /** Package READMEs → their page in the API reference (`api/modules/...html`), when built. */
  readonly packages: ReadonlyMap<string, string>;
  /** True when the playground is part of the site (at `playground/`). */
  readonly playground: boolean;
}

/** What becomes of one link. */
export type Target =
  | { readonly kind: 'keep'; readonly href: string }
  | { readonly kind: 'asset'; readonly href: string; readonly source: string; readonly dest: string }
  | { readonly kind: 'text' };

const PLAYGROUND = 'packages/playground/index.html';

/**
 * The site link for `href`, written in `source` (repository path) and shown on the page at
 * `page` (site path).
 */
export function resolveLink(href: string, source: string, page: string, site: SiteMap): Target {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('//')) return { kind: 'keep', href };
  const hash = href.indexOf('#');
  const path = decodeURIComponent(hash < 0 ? href : href.slice(0, hash));
  const anchor = hash < 0 ? '' : href.slice(hash);
  const repoPath = posix.normalize(posix.join(posix.dirname(source), path));
  const from = posix.dirname(page);
  const rel = (to: string) => posix.relative(from, to) || posix.basename(to);
  const page_ = site.pages.get(repoPath);
  if (page_ !== undefined) return { kind: 'keep', href: rel(page_) + anchor };
  if (repoPath === PLAYGROUND) return site.playground ? { kind: 'keep', href: rel('playground/index.html') + anchor } : { kind: 'text' };
  const api = site.packages.get(repoPath);
  if (api !== undefined) return { kind: 'keep', href: rel(api) + anchor };
  if (repoPath.startsWith('docs/') && /\.(svg|png|jpe?g|gif|webp)$/i.test(repoPath)) {
    const dest = repoPath.slice('docs/'.length);
    return { kind: 'asset', href: rel(dest) + anchor, source: repoPath, dest };
  }
  // any other file of the repository (examples, sources) is not part of the site
  return { kind: 'text' };
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}
