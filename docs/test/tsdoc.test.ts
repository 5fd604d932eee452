/**
 * Every export of a documented entry point carries TSDoc: a summary everywhere, and an `@example`
 * in the core, whose reference is what embedders read first. The entry points are the ones each
 * package's typedoc.json hands to the API reference, so a new subpath cannot slip in undocumented.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = ['core', 'sim', 'http-adapter'] as const;

interface Export {
  readonly entry: string;
  readonly name: string;
  readonly summary: boolean;
  readonly example: boolean;
}

/** The entry points typedoc documents for a package, relative to the repository. */
function entryPoints(pkg: string): string[] {
  const config = JSON.parse(readFileSync(join(ROOT, 'packages', pkg, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
  return config.entryPoints.map((e) => join(ROOT, 'packages', pkg, e));
}

/** Every export of the given entry points, with whether its declaration has a summary and an example. */
function exportsOf(entries: readonly string[]): Export[] {
  const program = ts.createProgram([...entries], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  return entries.flatMap((entry) => {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    return checker.getExportsOfModule(module).map((ex) => {
      const symbol = ex.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(ex) : ex;
      const tags = (symbol.declarations ?? []).flatMap((d) => ts.getJSDocTags(d).map((t) => t.tagName.text));
      const summary = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '';
      return { entry: entry.slice(ROOT.length + 1), name: ex.name, summary, example: tags.includes('example') };
    });
  });
}

describe('TSDoc on every export', () => {
  const all = new Map(PACKAGES.map((p) => [p, exportsOf(entryPoints(p))]));

  it('documents both entry points of @lbkit/core', () => {
    const entries = new Set(all.get('core')!.map((e) => e.entry));
    expect([...entries]).toEqual(['packages/core/src/index.ts', 'packages/core/src/internals.ts']);
    expect(all.get('core')!.length).toBeGreaterThan(90);
  });

  it('gives every export of @lbkit/core and @lbkit/core/internals a summary and an @example', () => {
    const missing = all.get('core')!.filter((e) => !e.summary || !e.example).map((e) => `${e.entry}: ${e.name}${e.summary ? '' : ' (summary)'}${e.example ? '' : ' (@example)'}`);
    expect(missing).toEqual([]);
  });

  it.each(PACKAGES)('gives every export of %s a one-line summary', (pkg) => {
    const missing = all.get(pkg)!.filter((e) => !e.summary).map((e) => `${e.entry}: ${e.name}`);
    expect(missing).toEqual([]);
  });
});
