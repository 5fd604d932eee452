// The demo members of the seed lab: static web servers (a small site) and "jokes" JSON API servers.
// Each can be stopped and started again, to watch the proxy fail over and sessions move.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const SITE = new URL('./site/', import.meta.url);
const TYPES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'logo.svg': 'image/svg+xml',
};
const FILES = Object.fromEntries(Object.keys(TYPES).map((name) => [name, readFileSync(new URL(name, SITE), 'utf8')]));

const JOKES = [
  'A load balancer walks into a bar. And a bar. And a bar.',
  'There are two hard problems in distributed systems: 2. exactly-once delivery, 1. ordering, 2. exactly-once delivery.',
  'My session was sticky until the server went down. Now it is just a cookie with commitment issues.',
  'Round robin is fair: everyone gets equally bothered.',
  'I told a UDP joke once. I am not sure anyone got it.',
  'The health check asked how the server was doing. It said 200, but it did not mean it.',
  'Why did the request time out? It was waiting for a response that never came. Relatable.',
  'Keep-alive: the connection equivalent of not hanging up because you might have more to say.',
];

/**
 * A server that can be stopped (port closed, connections cut) and started again on the same port.
 * @param {string} name
 * @param {number} port
 * @param {import('node:http').RequestListener} handler
 */
function restartable(name, port, handler) {
  let server = null;
  const sockets = new Set();
  return {
    name,
    port,
    get running() {
      return server !== null;
    },
    start() {
      if (server !== null) return Promise.resolve();
      const s = createServer(handler);
      s.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      return new Promise((resolve, reject) => {
        s.once('error', (e) => reject(new Error(`${name} cannot listen on 127.0.0.1:${port}: ${e.message}`)));
        s.listen(port, '127.0.0.1', () => {
          server = s;
          resolve();
        });
      });
    },
    stop() {
      if (server === null) return Promise.resolve();
      const s = server;
      server = null;
      return new Promise((resolve) => {
        s.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** A static web server for the site, naming itself in the page and in X-Served-By. */
export function staticServer(name, port) {
  return restartable(name, port, (req, res) => {
    const path = (req.url ?? '/').split(/[?;]/)[0];
    const file = path === '/' ? 'index.html' : path.slice(1);
    if (!Object.hasOwn(FILES, file) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'X-Served-By': name }).end(`404 not found on ${name}\n`);
      return;
    }
    const body = file === 'index.html' ? FILES[file].replaceAll('{{server}}', name) : FILES[file];
    res.writeHead(200, { 'Content-Type': TYPES[file], 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache', 'X-Served-By': name });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

/** A JSON API that tells a joke and says which server told it. */
export function jokesServer(name, port) {
  let served = port % JOKES.length;
  return restartable(name, port, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/' || req.method !== 'GET') {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ server: name, error: 'not found' }) + '\n');
      return;
    }
    const joke = JOKES[served++ % JOKES.length];
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ server: name, joke }) + '\n');
  });
}

/**
 * A control endpoint: GET / lists the members, POST /<name>/stop and /<name>/start stop and start one.
 * @param {number} port
 * @param {ReturnType<typeof restartable>[]} members
 */
export function controlServer(port, members) {
  return restartable('control', port, async (req, res) => {
    const [, name, action] = (req.url ?? '/').split('/');
    const member = members.find((m) => m.name === name);
    if (req.method === 'GET' && (req.url === '/' || req.url === '')) {
      const lines = members.map((m) => `${m.name.padEnd(9)} 127.0.0.1:${m.port}  ${m.running ? 'running' : 'stopped'}`);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(lines.join('\n') + '\n');
      return;
    }
    if (req.method !== 'POST' || member === undefined || (action !== 'stop' && action !== 'start')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('use POST /<member>/stop or POST /<member>/start, GET / lists members\n');
      return;
    }
    await member[action]();
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${member.name} ${member.running ? 'running' : 'stopped'}\n`);
  });
}
