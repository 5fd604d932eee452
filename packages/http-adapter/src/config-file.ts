/**
 * Configuration files: YAML or JSON text, parsed with positions for syntax errors, then validated.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { type ConfigIssue, LbkitError, type Result } from '@lbkit/core';
import { LineCounter, parseDocument } from 'yaml';
import { type ResolvedProxyConfig, validateProxyConfig } from './config.js';

/**
 * Parses the text of a configuration file, YAML or JSON (JSON is YAML), and validates it.
 *
 * @example
 * ```ts
 * const r = readProxyConfigText('mounts: []\npools: {}\n')
 * ```
 */
export function readProxyConfigText(text: string): Result<ResolvedProxyConfig, ConfigIssue[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      error: doc.errors.map((e) => {
        const where = lines.linePos(e.pos[0]);
        const at = where ? ` at line ${where.line}, column ${where.col}` : '';
        return { code: 'syntax', path: [], message: `${e.message.split('\n')[0] ?? e.code}${at}`, fix: 'fix the YAML/JSON syntax at that position' };
      }),
    };
  }
  return validateProxyConfig(doc.toJS());
}

/**
 * Reads and validates a configuration file.
 *
 * @throws {@link @lbkit/core!LbkitError} `LBK_ERR_INVALID_CONFIG` naming the file, each path and its fix; or the
 * file system's error when the file cannot be read.
 * @example
 * ```ts
 * const config = await loadProxyConfig('examples/seed-lab/lbkit.yaml')
 * ```
 */
export async function loadProxyConfig(file: string): Promise<ResolvedProxyConfig> {
  const text = await readFile(file, 'utf8');
  const r = readProxyConfigText(text);
  if (!r.ok) throw LbkitError.fromIssues(r.error, file);
  return r.value;
}
