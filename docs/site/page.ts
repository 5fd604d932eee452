/**
 * The HTML around each page of the docs site: navigation to the home page, every guide, the other
 * docs pages, the API reference and the playground.
 *
 * @module
 */
import { posix } from 'node:path';

/** One entry of the navigation. */
export interface NavItem {
  readonly title: string;
  /** Site path, e.g. `guides/round-robin.html`. */
  readonly path: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A whole page: `body` is the HTML of the Markdown, `path` the page's own site path. */
export function pageHtml(title: string, body: string, path: string, nav: readonly NavItem[]): string {
  const from = posix.dirname(path);
  const href = (to: string) => posix.relative(from, to) || posix.basename(to);
  const items = nav.map((n) => `<li${n.path === path ? ' class="here"' : ''}><a href="${esc(href(n.path))}">${esc(n.title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · lbkit</title>
<link rel="stylesheet" href="${esc(href('site.css'))}">
</head>
<body>
<nav><p class="brand"><a href="${esc(href('index.html'))}">lbkit</a></p><ul>${items}</ul></nav>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The site's one stylesheet. */
export const SITE_CSS = `body { margin: 0; display: grid; grid-template-columns: 16rem minmax(0, 1fr); font: 16px/1.55 system-ui, sans-serif; color: #1b1d22; }
nav { background: #1f2a44; color: #fff; padding: 1rem; min-height: 100vh; }
nav a { color: #cfe0ff; text-decoration: none; }
nav .brand { font-size: 1.4rem; font-weight: 700; margin: 0 0 1rem; }
nav ul { list-style: none; padding: 0; margin: 0; }
nav li { margin: 0.35rem 0; }
nav li.here a { color: #fff; font-weight: 600; }
main { max-width: 52rem; padding: 1.5rem 2rem 4rem; }
pre { background: #f4f6fa; padding: 0.8rem; overflow-x: auto; border-radius: 4px; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d9dde5; padding: 0.25rem 0.5rem; vertical-align: top; }
img { max-width: 100%; }
@media (max-width: 800px) { body { grid-template-columns: 1fr; } nav { min-height: 0; } }
`;
