// The floor: a bare node:http keep-alive reverse proxy with round robin, and a route read from the
// ROUTEID cookie on /sticky/. No header rewriting, no health, no failover: what any Node proxy pays.
// Usage: node bare-proxy.mjs <port> <member port>...
import { Agent, createServer, request } from 'node:http';

const [port, ...memberPorts] = process.argv.slice(2).map(Number);
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
const routes = new Map(memberPorts.map((p, i) => [`static${i + 1}`, p]));
let next = 0;

function pick(req) {
  if (req.url.startsWith('/sticky/')) {
    const m = /(?:^|[;,\s])ROUTEID=\.([A-Za-z0-9]+)/.exec(req.headers.cookie ?? '');
    const p = m && routes.get(m[1]);
    if (p !== undefined && p !== null) return p;
  }
  next = (next + 1) % memberPorts.length;
  return memberPorts[next];
}

createServer((req, res) => {
  const up = request({ host: '127.0.0.1', port: pick(req), method: req.method, path: req.url, headers: req.headers, agent }, (upRes) => {
    res.writeHead(upRes.statusCode, upRes.headers);
    upRes.pipe(res);
  });
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(up);
}).listen(port, '127.0.0.1', () => process.stderr.write(`bare proxy listening on ${port}\n`));
