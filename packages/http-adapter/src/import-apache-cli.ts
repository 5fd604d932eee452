/**
 * The `lbkit import-apache <vhost.conf> [-o lbkit.yaml]` command: reads an Apache virtual host,
 * writes the lbkit configuration (YAML, with what was not translated as comments), and lists every
 * untranslated directive with its line on stderr.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { formatPath } from '@lbkit/core';
import { stringify } from 'yaml';
import { validateProxyConfig } from './config.js';
import { importApache } from './import-apache.js';
import type { ImportFinding } from './import-apache-params.js';

/** Help for `lbkit import-apache --help`. */
export const IMPORT_APACHE_HELP = `Usage: lbkit import-apache <vhost.conf> [-o <lbkit.yaml>]

Translates an Apache httpd virtual host that balances with mod_proxy_balancer (BalancerMember,
ProxySet, ProxyPass, ProxyPassReverse, the Balancer-Route and Set-Cookie Header lines) into an lbkit
configuration. Prints YAML (or writes it to <lbkit.yaml>); every directive it could not translate is
listed on stderr with its line, and as a comment at the top of the YAML.

Exit codes: 0 written (read the list of untranslated directives), 2 no usable configuration.

Options:
  -o, --output <file>   write the configuration to <file> instead of stdout
  -h, --help            show this help
`;

interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

function lines(file: string, findings: readonly ImportFinding[]): string[] {
  return findings.map((f) => `${file}:${f.line}: ${f.directive}\n    ${f.reason}`);
}

function yamlText(file: string, config: unknown, untranslated: readonly ImportFinding[], notes: readonly ImportFinding[]): string {
  const comment = (s: string): string => s.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n');
  const head = [`lbkit configuration imported from ${file} by lbkit import-apache. Durations are in milliseconds.`];
  if (untranslated.length > 0) head.push('', 'Not translated:', ...lines(file, untranslated));
  if (notes.length > 0) head.push('', 'Translated, but worth knowing:', ...lines(file, notes));
  return `${comment(head.join('\n'))}\n\n${stringify(config)}`;
}

/**
 * Runs `lbkit import-apache` and resolves with the exit code.
 *
 * @example
 * ```ts
 * await importApacheCommand('vhost.conf', 'lbkit.yaml', { stdout: process.stdout, stderr: process.stderr })
 * ```
 */
export async function importApacheCommand(file: string, output: string | undefined, io: Io): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.stderr.write(`lbkit import-apache: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const { config, untranslated, notes } = importApache(text);
  for (const l of lines(file, untranslated)) io.stderr.write(`not translated: ${l}\n`);
  for (const l of lines(file, notes)) io.stderr.write(`note: ${l}\n`);
  const valid = validateProxyConfig(config);
  if (!valid.ok) {
    for (const i of valid.error) io.stderr.write(`lbkit import-apache: the result is not valid at ${formatPath(i.path)}: ${i.message} (${i.fix})\n`);
    io.stderr.write(`lbkit import-apache: ${file} has no usable ProxyPass to a balancer://, http:// or https:// URL, or the lines above left it incomplete\n`);
    return 2;
  }
  const yaml = yamlText(file, config, untranslated, notes);
  if (output === undefined) io.stdout.write(yaml);
  else await writeFile(output, yaml);
  io.stderr.write(`lbkit import-apache: ${config.mounts.length} mount(s), ${Object.keys(config.pools).length} pool(s); ${untranslated.length} directive(s) not translated${output === undefined ? '' : `; wrote ${output}`}\n`);
  return 0;
}
