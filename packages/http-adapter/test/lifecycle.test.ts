import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, namedMember, send, startServer } from './helpers.js';
import { killAll, startLbkit } from './process.js';

afterEach(async () => {
  await killAll();
  await closeAll();
});

async function configFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'lbkit-life-')), 'lbkit.yaml');
  await writeFile(file, text);
  return file;
}

const yaml = (url: string, admin = '{ host: 127.0.0.1, port: 0 }') =>
  `listen: [{ host: 127.0.0.1, port: 0 }]\nadmin: ${admin}\nmounts: [{ prefix: /, pool: web }]\npools:\n  web:\n    members: [{ id: m1, url: "${url}" }]\n`;

describe('lifecycle', { timeout: 60_000 }, () => {
  it('SIGTERM: stops accepting, lets the request in flight finish, then exits 0', async () => {
    let release: () => void = () => {};
    let arrived: () => void = () => {};
    const inMember = new Promise<void>((r) => (arrived = r));
    const slow = await startServer((req, res) => {
      arrived();
      release = () => res.end('finished');
    });
    const lb = startLbkit(['serve', await configFile(yaml(slow.url)), '--workers', '1']);
    const url = (await lb.waitFor(/listening on (http:\S+)/))[1]!;
    const pending = send(`${url}/slow`);
    await inMember;
    lb.child.kill('SIGTERM');
    await lb.waitFor(/stopping/);
    // refused, or reset if it reached the accept queue just before the listener closed: never served
    await expect(send(url)).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
    release();
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.body).toBe('finished');
    expect(await lb.exited()).toBe(0);
  });

  it('reloads through the admin API; a rejected file says why and the old configuration keeps serving', async () => {
    const [one, two] = await Promise.all([namedMember('one'), namedMember('two')]);
    const file = await configFile(yaml(one.url));
    const lb = startLbkit(['serve', file, '--workers', '1']);
    const url = (await lb.waitFor(/listening on (http:\S+)/))[1]!;
    const admin = (await lb.waitFor(/admin on (http:\S+)/))[1]!;
    const post = (path: string) => send(`${admin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    await writeFile(file, yaml(two.url));
    const ok = await post('api/reload');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).changes).toEqual(['web: memberRemoved m1', 'web: memberAdded m1']);
    expect((await send(url)).body).toBe('two');
    await writeFile(file, yaml(two.url).replace('members:', 'method: nope\n    members:'));
    const bad = await post('api/reload');
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.body).reasons[0]).toMatch(/pools\.web\.method.*fix: use one of byrequests/s);
    expect((await send(url)).body).toBe('two');
    expect(lb.stderr()).toMatch(/reload rejected, the previous configuration keeps running/);
  });

  it('refuses to start an admin listener reachable from elsewhere without a token', async () => {
    const m = await namedMember('m');
    const lb = startLbkit(['serve', await configFile(yaml(m.url, '{ host: 0.0.0.0, port: 0 }')), '--workers', '1']);
    expect(await lb.exited()).toBe(2);
    expect(lb.stderr()).toMatch(/admin\.host: the admin listener on 0\.0\.0\.0 is reachable from other machines but has no token.*fix: set admin\.tokenFile/s);
  });
});
