/**
 * `npm run soak` (not in CI): 10 minutes (`SOAK_MINUTES`) of steady load while members cycle
 * (one killed with -9 and restarted every `SOAK_CYCLE_S` seconds, round robin). Prints the proxy's
 * RSS and descriptors over time and fails (exit 1) when, after everything settled, descriptors are
 * above the warm baseline or RSS grew more than 32 MB past the highest reading of the first tenth
 * of the run.
 */
import { freePort, Member, ProxyProcess, workDir } from './fleet.js';
import { steadyLoad } from './load.js';

const minutes = Number(process.env['SOAK_MINUTES'] ?? 10);
const cycleMs = Number(process.env['SOAK_CYCLE_S'] ?? 10) * 1_000;
const RSS_BOUND = 32 * 1_048_576;
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mb = (b: number): string => (b / 1_048_576).toFixed(1);

async function settled(proxy: ProxyProcess): Promise<{ fds: number; rss: number }> {
  let last = await proxy.stats();
  for (let i = 0; i < 40; i++) {
    await delay(250);
    const now = await proxy.stats();
    if (now.fds === last.fds && i >= 6) return now;
    last = now;
  }
  return last;
}

async function main(): Promise<number> {
  const work = workDir();
  const members = await Promise.all([1, 2, 3].map(async (i) => new Member(`m${i}`, await freePort(), work.dir)));
  let proxy: ProxyProcess | null = null;
  try {
    await Promise.all(members.map((m) => m.start()));
    proxy = await ProxyProcess.start({
      listen: [{ host: '127.0.0.1', port: 0 }],
      mounts: [{ prefix: '/', pool: 'p' }],
      pools: { p: { health: { retryMs: 0 }, timeouts: { connectMs: 500, responseMs: 2_000 }, members: members.map((m) => ({ id: m.id, url: `http://127.0.0.1:${m.port}` })) } },
    });
    let warm = true;
    const warmup = steadyLoad(proxy.port, 16, () => warm, 1);
    await delay(5_000);
    warm = false;
    await warmup;
    const baseline = await settled(proxy);
    console.log(`soak: ${minutes} min, a member restarted every ${cycleMs / 1000} s; baseline fds ${baseline.fds}, RSS ${mb(baseline.rss)} MB`);
    console.log('| min | RSS MB | fds |\n|---|---|---|');
    const end = performance.now() + minutes * 60_000;
    let on = true;
    const load = steadyLoad(proxy.port, 16, () => on, 2, 's');
    const samples: { at: number; rss: number }[] = [];
    let next = 0;
    let done = 0;
    while (performance.now() < end) {
      await delay(cycleMs);
      const m = members[next++ % members.length]!;
      await m.kill();
      await m.start();
      const s = await proxy.stats();
      const at = (minutes * 60_000 - (end - performance.now())) / 60_000;
      samples.push({ at, rss: s.rss });
      done++;
      if (done % Math.max(1, Math.round(30_000 / cycleMs)) === 0) console.log(`| ${at.toFixed(1)} | ${mb(s.rss)} | ${s.fds} |`);
    }
    on = false;
    const outcomes = await load;
    const final = await settled(proxy);
    const errors = outcomes.filter((o) => o.status === 0 || o.status >= 500).length;
    const early = Math.max(...samples.filter((s) => s.at <= minutes / 10).map((s) => s.rss), baseline.rss);
    console.log(`| end, settled | ${mb(final.rss)} | ${final.fds} |\nrequests ${outcomes.length}, 5xx or lost ${errors}, members restarted ${done}`);
    const lost = outcomes.filter((o) => o.status === 0).length;
    const problems = [
      ...(final.fds > baseline.fds ? [`fds ${final.fds} > baseline ${baseline.fds}`] : []),
      ...(final.rss > early + RSS_BOUND ? [`RSS ${mb(final.rss)} MB > ${mb(early)} + 32 MB`] : []),
      ...(lost > 0 ? [`${lost} requests lost`] : []),
    ];
    console.log(problems.length === 0 ? `soak: ok (RSS ${mb(baseline.rss)} → ${mb(early)} → ${mb(final.rss)} MB, fds ${baseline.fds} → ${final.fds}, ${lost} lost)` : `soak: FAILED: ${problems.join('; ')}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await proxy?.stop();
    await Promise.all(members.map((m) => m.kill()));
    work.dispose();
  }
}

process.exitCode = await main();
