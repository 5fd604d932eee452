import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, namedMember, send, type TestServer } from './helpers.js';
import { killAll, startLbkit } from './process.js';

afterEach(async () => {
  await killAll();
  await closeAll();
});

function yaml(members: readonly [string, TestServer][]): string {
  return `listen: [{ host: 127.0.0.1, port: 0 }]
admin: { host: 127.0.0.1, port: 0 }
mounts: [{ prefix: /, pool: web }]
pools:
  web:
    sticky: { cookie: ROUTEID }
    members:
${members.map(([id, s]) => `      - { id: ${id}, url: "${s.url}" }`).join('\n')}
`;
}

const metric = (text: string, re: RegExp): number[] => [...text.matchAll(new RegExp(re.source, 'g'))].map((m) => Number(m[1]));

describe('lbkit serve --workers 2', { timeout: 60_000 }, () => {
  it('keeps stickiness across workers; admin view, commands, metrics and reload reach every worker', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => namedMember(n)));
    const dir = await mkdtemp(join(tmpdir(), 'lbkit-workers-'));
    const file = join(dir, 'lbkit.yaml');
    await writeFile(file, yaml([['a', a!], ['b', b!]]));
    const lb = startLbkit(['serve', file, '--workers', '2']);
    const url = (await lb.waitFor(/listening on (http:\S+) \(2 workers\)/))[1]!;
    const admin = (await lb.waitFor(/admin on (http:\S+)/))[1]!;

    // Fresh connections are spread over the workers; the cookie keeps every one on b.
    for (let i = 0; i < 30; i++) expect((await send(url, { headers: { Cookie: 'ROUTEID=.b' } })).body).toBe('b');
    for (let i = 0; i < 10; i++) await send(url);
    const text = (await send(`${admin}metrics`)).body;
    const perWorker = metric(text, /lbkit_worker_requests_total\{worker="\d+"\} (\d+)/);
    expect(perWorker).toHaveLength(2);
    expect(perWorker.every((n) => n > 0)).toBe(true);
    expect(perWorker.reduce((x, y) => x + y)).toBe(40);
    expect(metric(text, /lbkit_requests_total\{pool="web",member="b",class="2xx"\} (\d+)/)[0]).toBeGreaterThanOrEqual(30);
    const view = JSON.parse((await send(`${admin}api/pools`)).body);
    expect(view.workers).toBe(2);
    expect(view.pools[0].members.find((m: { id: string }) => m.id === 'b').counters.forwarded).toBeGreaterThanOrEqual(30);

    // A drain reaches both workers: b keeps its sessions, takes no new ones.
    const drain = await send(`${admin}api/pools/web/members/b/drain`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(drain.status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await send(url)).body).toBe('a');
    for (let i = 0; i < 6; i++) expect((await send(url, { headers: { Cookie: 'ROUTEID=.b' } })).body).toBe('b');

    // SIGHUP: c joins in every worker; a broken file is rejected and c keeps serving.
    await writeFile(file, yaml([['a', a!], ['b', b!], ['c', c!]]));
    let mark = lb.stderr().length;
    lb.child.kill('SIGHUP');
    await lb.waitFor(/reloaded .*memberAdded c/, mark);
    for (let i = 0; i < 10; i++) expect((await send(url, { headers: { Cookie: 'ROUTEID=.c' } })).body).toBe('c');
    await writeFile(file, 'mounts: [{ prefix: /, pool: nope }]\npools: {}\n');
    mark = lb.stderr().length;
    lb.child.kill('SIGHUP');
    await lb.waitFor(/reload rejected/, mark);
    await lb.waitFor(/lbkit\.yaml: mounts\[0\]\.pool: no pool named "nope"/, mark);
    for (let i = 0; i < 4; i++) expect((await send(url, { headers: { Cookie: 'ROUTEID=.c' } })).body).toBe('c');
    const after = (await send(`${admin}metrics`)).body;
    expect(after).toMatch(/lbkit_config_reloads_total\{result="ok"\} 1\n/);
    expect(after).toMatch(/lbkit_config_reloads_total\{result="rejected"\} 1\n/);

    // A worker that dies is replaced; the new one gets the reloaded file and the drain.
    const victim = JSON.parse((await send(`${admin}api/pools`)).body).pids[0] as number;
    mark = lb.stderr().length;
    process.kill(victim, 'SIGKILL');
    await lb.waitFor(/exited \(code null\); starting another/, mark);
    await expect.poll(async () => JSON.parse((await send(`${admin}api/pools`)).body).pids.length, { timeout: 10_000 }).toBe(2);
    const members = JSON.parse((await send(`${admin}api/pools`)).body).pools[0].members as { id: string; health: string }[];
    expect(members.map((m) => `${m.id} ${m.health}`)).toEqual(['a ok', 'b draining', 'c ok']);

    lb.child.kill('SIGTERM');
    expect(await lb.exited()).toBe(0);
  });
});
