/**
 * Measures the drain (issue 8, item 8): heavy keep-alive load, then the proxy is told to close with
 * a 5 s grace (what SIGTERM does), and every request the clients had already written is checked.
 * `npx tsx test/faults/drain-measure.ts [runs]`. Not part of CI: a figure for docs/reliability.md.
 */
import { Agent, request } from 'node:http';
import { freePort, Member, ProxyProcess, workDir } from './fleet.js';

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function once(): Promise<{ sent: number; reset: number; resetReused: number; refused: number }> {
  const work = workDir();
  const members = await Promise.all([1, 2].map(async (i) => new Member(`m${i}`, await freePort(), work.dir)));
  await Promise.all(members.map((m) => m.start()));
  const proxy = await ProxyProcess.start({
    listen: [{ host: '127.0.0.1', port: 0 }],
    mounts: [{ prefix: '/', pool: 'p' }],
    pools: { p: { members: members.map((m) => ({ id: m.id, url: `http://127.0.0.1:${m.port}` })) } },
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  let on = true;
  let sent = 0;
  let reset = 0;
  let refused = 0;
  let resetReused = 0;
  const loop = async (): Promise<void> => {
    while (on) {
      await new Promise<void>((resolve) => {
        const req = request({ host: '127.0.0.1', port: proxy.port, path: '/', agent, headers: { 'X-Request-Id': 'd' } }, (res) => {
          res.resume();
          res.on('close', () => resolve());
        });
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'ECONNREFUSED') {
            refused++;
            on = false;
          } else {
            reset++;
            if (req.reusedSocket) resetReused++;
          }
          resolve();
        });
        req.end();
        sent++;
      });
    }
  };
  const loops = Promise.all(Array.from({ length: 128 }, loop));
  // Not a whole number of seconds: a SYN the kernel dropped during the first burst is retransmitted
  // at 1 s and 3 s, and a stop that lands on it resets a connection the proxy never accepted.
  await delay(3_500);
  await proxy.stopGracefully(5_000);
  on = false;
  await loops;
  agent.destroy();
  await proxy.stop();
  await Promise.all(members.map((m) => m.kill()));
  work.dispose();
  return { sent, reset, resetReused, refused };
}

const runs = Number(process.argv[2] ?? 4);
for (let i = 0; i < runs; i++) {
  const r = await once();
  console.log(`run ${i + 1}: ${r.sent} requests, ${r.reset} reset after being sent (${r.resetReused} on a reused keep-alive connection), ${r.refused} refused (new connections after the listener closed)`);
}
