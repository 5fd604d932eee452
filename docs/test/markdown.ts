/**
 * Just enough Markdown reading for the guide tests: files, links, heading anchors, table rows.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { slug } from '../site/links.js';

/** The docs workspace directory. */
export const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The guides, by file name. */
export const GUIDES = ['round-robin.md', 'sticky-sessions.md', 'health-and-failover.md', 'choosing-a-method.md', 'embedding-the-core.md', 'simulation-cookbook.md'] as const;

/** The text of a file under docs/. */
export function read(path: string): string {
  return readFileSync(join(DOCS, path), 'utf8');
}

/** The text of a guide with its code blocks kept and its line breaks inside paragraphs joined, for phrase searches. */
export function prose(path: string): string {
  return read(path).replace(/\s+/g, ' ');
}

/** Every Markdown link and image target (`[x](target)`, `![x](target)`), in order. */
export function links(md: string): string[] {
  const withoutCode = md.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** The anchors of every heading of a Markdown text. */
export function anchors(md: string): Set<string> {
  const withoutCode = md.replace(/```[\s\S]*?```/g, '');
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

/** The cells of the first table row whose first cell is `first` (trimmed, without the outer pipes). */
export function row(md: string, first: string): string[] | undefined {
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === first) return cells;
  }
  return undefined;
}

/** A list written the way the guides write sequences: `A, B, A`. */
export function list(items: readonly (string | number)[]): string {
  return items.join(', ');
}
