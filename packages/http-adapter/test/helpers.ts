/**
 * Test helpers: loopback servers on port 0 that are always closed, and a client that returns the
 * whole response. No sleeps: everything resolves on socket events.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { createProxy, type Proxy, type ProxyConfigInput, type ProxyOptions } from '../src/index.js';

/** A server on 127.0.0.1 and a way to stop it (connections included). */
export interface TestServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /** Requests it received, in order. */
  readonly seen: IncomingMessage[];
  close(): Promise<void>;
}

const open = new Set<{ close(): Promise<void> }>();

/** Registers something for {@link closeAll} to close. */
export function track(closable: { close(): Promise<void> }): void {
  open.add(closable);
}

/** Closes everything the helpers opened; call from afterEach. */
export async function closeAll(): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((s) => s.close()));
}

/** Starts a server on 127.0.0.1, port 0 (or `port`). */
export function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void, port = 0): Promise<TestServer> {
  const seen: IncomingMessage[] = [];
  const listener: RequestListener = (req, res) => {
    seen.push(req);
    handler(req, res);
  };
  const server = createServer({ keepAliveTimeout: 60_000 }, listener);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const p = (server.address() as AddressInfo).port;
      const handle: TestServer = {
        server,
        port: p,
        url: `http://127.0.0.1:${p}`,
        seen,
        close: () =>
          new Promise<void>((done) => {
            open.delete(handle);
            if (!server.listening) return done();
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      };
      open.add(handle);
      resolve(handle);
    });
  });
}

/** A member that answers 200 with its own name as the body. */
export function namedMember(name: string, port = 0): Promise<TestServer> {
  return startServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Member': name });
      res.end(name);
    });
  }, port);
}

/** A port on 127.0.0.1 that refuses connections (was free a moment ago). */
export async function refusedPort(): Promise<number> {
  const s = await startServer(() => {});
  await s.close();
  return s.port;
}

/** Starts a proxy on 127.0.0.1 port 0 and registers it for closing. */
export async function startProxy(config: Omit<ProxyConfigInput, 'listen'>, options: ProxyOptions = {}): Promise<{ proxy: Proxy; url: string }> {
  const proxy = createProxy({ listen: [{ host: '127.0.0.1', port: 0 }], ...config }, { healthChecks: false, ...options });
  const [address] = await proxy.listen();
  open.add(proxy);
  return { proxy, url: address!.url };
}

/** A whole response. */
export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Sends one request on a fresh connection and reads the whole response. */
export function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A request to `url` with a cookie jar of one cookie, updated from each `Set-Cookie`. */
export class CookieJar {
  cookie: string | undefined;
  async get(url: string): Promise<Reply> {
    const reply = await send(url, this.cookie === undefined ? {} : { headers: { Cookie: this.cookie } });
    const set = reply.headers['set-cookie']?.[0];
    if (set !== undefined) this.cookie = set.split(';')[0];
    return reply;
  }
}

/** Like {@link send}, but resolves even when the response is cut short, saying whether it was complete. */
export function sendLoose(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply & { complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => {});
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), complete: res.complete }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A clock the test moves by hand. */
export class ManualClock {
  t = 1_000_000;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * A port that accepts no connection and refuses none: its listener sits in a worker thread whose
 * event loop is blocked, and its accept queue (backlog 1) is filled, so the kernel drops further
 * SYNs and a connect hangs, like a host that went silent.
 */
export async function blackHole(): Promise<number> {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const s = require('node:net').createServer();
     s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
       parentPort.postMessage(s.address().port);
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
     });`,
    { eval: true },
  );
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const fillers: Socket[] = [];
  for (let i = 0; i < 2; i++) {
    const s = connect(port, '127.0.0.1');
    fillers.push(s);
    await new Promise((resolve, reject) => s.once('connect', resolve).once('error', reject));
  }
  open.add({
    close: async () => {
      for (const s of fillers) s.destroy();
      await worker.terminate();
    },
  });
  return port;
}
