import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseLog } from '@lbkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, namedMember, send } from '../test/helpers.js';
import { EXIT, runCli } from './run-cli.js';

afterEach(closeAll);

const SEED = fileURLToPath(new URL('../../../examples/seed-lab/lbkit.yaml', import.meta.url));

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, out: () => out, err: () => err };
}

async function run(argv: string[]) {
  const io = capture();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

async function tempFile(name: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'lbkit-cli-')), name);
  await writeFile(file, text);
  return file;
}

describe('lbkit CLI', () => {
  const helps: [string[], RegExp][] = [
    [['--help'], /Usage: lbkit <command>/],
    [['serve', '--help'], /Usage: lbkit serve <config>/],
    [['check', '-h'], /Usage: lbkit check <config>/],
  ];
  it.each(helps)('prints help for %j and exits 0', async (argv, text) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(text);
  });

  it('prints its version', async () => {
    expect((await run(['--version'])).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  const usage: [string[], RegExp][] = [
    [[], /missing command/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['check'], /missing <config>/],
    [['check', 'a.yaml', 'b.yaml'], /unexpected argument "b.yaml"/],
    [['serve', 'a.yaml', '--json'], /not valid for serve/],
    [['serve', 'a.yaml', '--nope'], /Unknown option '--nope'/],
  ];
  it.each(usage)('exits 2 on the usage error %j', async (argv, text) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(text);
  });

  it('checks the seed lab configuration and prints it resolved', async () => {
    const r = await run(['check', SEED, '--json']);
    expect(r.code).toBe(EXIT.ok);
    const config = JSON.parse(r.out) as { mounts: { prefix: string }[]; pools: Record<string, { balancer: { sticky: unknown } }> };
    expect(config.mounts.map((m) => m.prefix)).toEqual(['/api/jokes/', '/']);
    expect(config.pools['static']!.balancer.sticky).toEqual({ cookie: 'ROUTEID', urlParam: 'jsessionid', separator: '.', scolonPathDelim: true, maxValueLength: 256, cookieAttributes: expect.any(Object) });
    expect(r.err).toMatch(/is valid: 1 listener\(s\), 2 mount\(s\), 2 pool\(s\)/);
    expect((await run(['check', SEED])).out).toMatch(/^resolved: true\nlisten:/);
  });

  it('exits 2 naming the file, the path and the fix for an invalid configuration', async () => {
    const file = await tempFile('bad.yaml', 'mounts:\n  - { prefix: /, pool: web }\npools:\n  web:\n    method: roundrobin\n    members: [{ id: a, url: "ftp://x" }]\n');
    const r = await run(['check', file]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain(`${file}: pools.web.method:`);
    expect(r.err).toMatch(/fix: use one of byrequests/);
  });

  it('exits 2 when the file cannot be read', async () => {
    const r = await run(['check', '/nonexistent/lbkit.yaml']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/cannot read \/nonexistent\/lbkit.yaml/);
  });

  it('serves, logs one JSON line per request, records core inputs, and stops', async () => {
    const m = await namedMember('m1');
    const config = await tempFile('ok.yaml', `listen: [{ host: 127.0.0.1, port: 0 }]\nmounts: [{ prefix: /, pool: p }]\npools:\n  p:\n    members: [{ id: m1, url: "${m.url}" }]\n`);
    const record = join(tmpdir(), `lbkit-record-${process.pid}-${Date.now()}.jsonl`);
    const io = capture();
    let stop: () => void = () => {};
    let listening: (urls: string[]) => void = () => {};
    const ready = new Promise<string[]>((resolve) => (listening = resolve));
    const done = runCli(['serve', config, '--log', '--record', record], { ...io, stop: new Promise<void>((r) => (stop = r)), onListening: listening });
    const [url] = await ready;
    expect((await send(url!)).body).toBe('m1');
    stop();
    expect(await done).toBe(EXIT.ok);
    const line = JSON.parse(io.out().trim().split('\n')[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'request', method: 'GET', url: '/', status: 200, pool: 'p', member: 'm1', attempts: 1, completed: true });
    const log = parseLog(await readFile(record, 'utf8'));
    expect(log.ok && log.value.map((e) => e.type)).toEqual(['start', 'decide', 'apply']);
  });

  it('exits 1 when it cannot listen', async () => {
    const m = await namedMember('m1');
    const config = await tempFile('busy.yaml', `listen: [{ host: 127.0.0.1, port: ${m.port} }]\nmounts: [{ prefix: /, pool: p }]\npools:\n  p:\n    members: [{ id: m1, url: "${m.url}" }]\n`);
    const r = await run(['serve', config]);
    expect(r.code).toBe(EXIT.runtime);
    expect(r.err).toMatch(/cannot listen: .*EADDRINUSE/);
  });
});
