// `npm start`: the seed lab in one process tree. Three static servers, three jokes API servers,
// a control endpoint, and the lbkit proxy (`lbkit serve lbkit.yaml`, a child process) on
// http://127.0.0.1:8080. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { controlServer, jokesServer, staticServer } from './servers.js';

const CONTROL_PORT = 8099;
const config = fileURLToPath(new URL('./lbkit.yaml', import.meta.url));
const cli = fileURLToPath(new URL('../../packages/http-adapter/dist/cli.js', import.meta.url));

const statics = [1, 2, 3].map((i) => staticServer(`static${i}`, 8080 + i));
const dynamics = [1, 2, 3].map((i) => jokesServer(`dynamic${i}`, 3000 + i));
const members = [...statics, ...dynamics];
const control = controlServer(CONTROL_PORT, members);

let proxy = null;
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  const exited = proxy === null || proxy.exitCode !== null ? Promise.resolve() : new Promise((resolve) => proxy.once('exit', resolve));
  proxy?.kill('SIGTERM');
  await Promise.all([...members, control].map((m) => m.stop()));
  await exited;
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const HELP = `
lbkit seed lab is running (Ctrl-C stops everything)

  proxy     http://127.0.0.1:8080/            open it in a browser
  static    127.0.0.1:8081-8083 (static1-3)    pool "static": sticky ROUTEID|jsessionid, mounted at /
  dynamic   127.0.0.1:3001-3003 (dynamic1-3)   pool "dynamic": round robin, mounted at /api/jokes/
  control   http://127.0.0.1:${CONTROL_PORT}/            lists the members; stops and starts them
  status    http://127.0.0.1:8090/            lbkit's balancer-manager: health and why, drain, weight...
  metrics   http://127.0.0.1:8090/metrics     Prometheus text; JSON at http://127.0.0.1:8090/api/pools

Round robin (dynamic1, dynamic2, dynamic3, dynamic1...):
  for i in 1 2 3 4; do curl -s http://127.0.0.1:8080/api/jokes/; done

Stickiness (-i shows Set-Cookie: ROUTEID=.static1; Path=/ and Balancer-Route; the jar keeps it):
  curl -si -c /tmp/lbkit.jar -b /tmp/lbkit.jar http://127.0.0.1:8080/ | grep -iE '^(set-cookie|balancer-route)'
  curl -si -c /tmp/lbkit.jar -b /tmp/lbkit.jar http://127.0.0.1:8080/style.css | grep -i '^balancer-route'
  curl -s 'http://127.0.0.1:8080/index.html;jsessionid=ABC.static3' | grep 'served by'

Drain static2 (keeps its sessions, takes no new ones), then reload the file (SIGHUP works too):
  curl -X POST -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:8090/api/pools/static/members/static2/drain
  curl -X POST -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:8090/api/reload

A member goes down, its sessions move with a new cookie (say your jar holds .static1):
  curl -X POST http://127.0.0.1:${CONTROL_PORT}/static1/stop
  curl -si -c /tmp/lbkit.jar -b /tmp/lbkit.jar http://127.0.0.1:8080/ | grep -iE '^(set-cookie|balancer-route)'
  curl -X POST http://127.0.0.1:${CONTROL_PORT}/static1/start
`;

try {
  await Promise.all([...members, control].map((m) => m.start()));
} catch (e) {
  console.error(`seed lab: ${e.message}\nIs another copy running? Stop it, or free the port.`);
  await stopAll(1);
}

proxy = spawn(process.execPath, [cli, 'serve', config, '--workers', '1'], { stdio: ['ignore', 'inherit', 'pipe'] });
proxy.stderr.setEncoding('utf8');
proxy.stderr.on('data', (text) => {
  process.stderr.write(text);
  if (text.includes('admin on')) console.log(HELP);
});
proxy.on('exit', (code) => {
  if (!stopping) {
    console.error(`seed lab: the proxy exited (code ${code}); stopping`);
    void stopAll(code === 0 ? 1 : code ?? 1);
  }
});
