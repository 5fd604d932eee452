/**
 * The processes a benchmark run talks to, one role per process so the load generator, the proxy
 * under test and the members never share a CPU-bound event loop:
 *
 * - `upstreams`: three fast members on loopback;
 * - `bare <ports>`: the floor, a minimal node:http keep-alive round-robin proxy;
 * - `lbkit <ports>`: lbkit with a round-robin pool on /rr/ and a sticky pool on /.
 *
 * Each sends `{ port }` over IPC once listening, answers `'rss'` with its resident set size and
 * `'cpu'` with the CPU time it used so far (µs, user + system).
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from '../src/index.js';

const BODY = Buffer.from('{"hello":"from a fast member"}\n');

function upstream(name: string): Server {
  return createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': BODY.length, 'X-Member': name });
    res.end(BODY);
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** The floor any Node proxy pays: no header rewriting, no balancer, no error handling beyond 502. */
function bareProxy(ports: readonly number[]): Server {
  const agents = ports.map(() => new Agent({ keepAlive: true }));
  let next = 0;
  return createServer((req, res) => {
    const k = next++ % ports.length;
    const up = request({ host: '127.0.0.1', port: ports[k], method: req.method, path: req.url, headers: req.headers, agent: agents[k] }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(up);
  });
}

async function lbkit(ports: readonly number[]): Promise<number> {
  const members = (prefix: string) => ports.map((p, i) => ({ id: `${prefix}${i + 1}`, url: `http://127.0.0.1:${p}` }));
  const proxy = createProxy({
    listen: [{ host: '127.0.0.1', port: 0 }],
    mounts: [
      { prefix: '/rr/', pool: 'dynamic', rewrite: '/' },
      { prefix: '/', pool: 'static' },
    ],
    pools: {
      dynamic: { members: members('dynamic') },
      static: { sticky: { cookie: 'ROUTEID', urlParam: 'jsessionid', scolonPathDelim: true }, members: members('static') },
    },
  });
  const [address] = await proxy.listen();
  return address!.port;
}

async function main(): Promise<void> {
  const [role, portsArg] = process.argv.slice(2);
  const ports = portsArg === undefined ? [] : (JSON.parse(portsArg) as number[]);
  let port: number | number[];
  if (role === 'upstreams') port = await Promise.all(['u1', 'u2', 'u3'].map((n) => listen(upstream(n))));
  else if (role === 'bare') port = await listen(bareProxy(ports));
  else if (role === 'lbkit') port = await lbkit(ports);
  else throw new Error(`unknown role ${String(role)}`);
  process.on('message', (m) => {
    if (m === 'rss') process.send?.({ rss: process.memoryUsage.rss() });
    if (m === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ port });
}

await main();
