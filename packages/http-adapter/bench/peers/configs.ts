/**
 * Configuration text for every server of the peer benchmark. Every proxy gets the same two
 * workloads: `/rr/` balanced round robin over the three members, and `/sticky/` following the
 * `ROUTEID=.staticN` cookie (members' routes static1-3). Paths reach the members unchanged.
 */

/** Where a server keeps its files, and the member ports. */
export interface Layout {
  readonly dir: string;
  readonly members: readonly number[];
}

/** Three native members in one nginx worker: each answers `staticN` with `X-Served-By`. */
export function nginxMembers(l: Layout): string {
  const servers = l.members.map(
    (p, i) => `  server { listen 127.0.0.1:${p} backlog=4096; location / { add_header X-Served-By static${i + 1}; return 200 "static${i + 1}\\n"; } }`,
  );
  return nginxFrame(l.dir, 'members', ['keepalive_requests 1000000;', 'keepalive_timeout 120s;', 'default_type text/plain;', ...servers]);
}

function nginxFrame(dir: string, name: string, http: readonly string[]): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${name}-${t};`);
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${dir}/${name}.pid;`,
    `error_log ${dir}/${name}-error.log error;`,
    'events { worker_connections 8192; }',
    'http {',
    '  access_log off;',
    ...temp,
    ...http.map((h) => `  ${h}`),
    '}',
    '',
  ].join('\n');
}

/** nginx 1 worker as the proxy: an upstream per member for `/sticky/` (a map on the cookie). */
export function nginxProxy(l: Layout, port: number): string {
  const one = l.members.map((p, i) => `upstream m${i + 1} { server 127.0.0.1:${p}; keepalive 128; }`);
  const map = l.members.map((_, i) => `  ".static${i + 1}" m${i + 1};`);
  const proxied = 'proxy_http_version 1.1; proxy_set_header Connection ""; add_header Balancer-Route $upstream_addr;';
  return nginxFrame(l.dir, 'proxy', [
    'keepalive_requests 1000000;',
    'keepalive_timeout 120s;',
    `upstream rr { ${l.members.map((p) => `server 127.0.0.1:${p};`).join(' ')} keepalive 256; }`,
    ...one,
    'map $cookie_ROUTEID $sticky_pool {',
    ...map,
    '  default rr;',
    '}',
    `server { listen 127.0.0.1:${port} backlog=4096;`,
    `  location /rr/ { proxy_pass http://rr; ${proxied} }`,
    `  location /sticky/ { proxy_pass http://$sticky_pool; ${proxied} }`,
    '}',
  ]);
}

/** HAProxy 1 thread: `cookie ROUTEID insert indirect nocache`, server cookies `.staticN`. */
export function haproxy(l: Layout, port: number): string {
  const servers = (cookies: boolean): string[] => l.members.map((p, i) => `  server static${i + 1} 127.0.0.1:${p}${cookies ? ` cookie .static${i + 1}` : ''}`);
  return [
    'global',
    '  nbthread 1',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  option http-keep-alive',
    '  http-reuse always',
    'frontend fe',
    `  bind 127.0.0.1:${port}`,
    '  use_backend sticky if { path_beg /sticky/ }',
    '  default_backend rr',
    'backend rr',
    '  balance roundrobin',
    ...servers(false),
    'backend sticky',
    '  balance roundrobin',
    '  cookie ROUTEID insert indirect nocache',
    ...servers(true),
    '',
  ].join('\n');
}

const APACHE_MODULES = process.env.APACHE_MODULES ?? '/usr/lib/apache2/modules';

/** Apache httpd event MPM with mod_proxy_balancer, the seed's Balancer-Route header. */
export function apache(l: Layout, port: number): string {
  const load = ['mpm_event', 'authz_core', 'proxy', 'proxy_http', 'slotmem_shm', 'proxy_balancer', 'lbmethod_byrequests', 'headers'];
  const members = (name: string): string[] => [`<Proxy "balancer://${name}">`, ...l.members.map((p, i) => `  BalancerMember "http://127.0.0.1:${p}" route=static${i + 1}`), ...(name === 'sticky' ? ['  ProxySet stickysession=ROUTEID'] : []), '</Proxy>'];
  return [
    `ServerRoot "${l.dir}"`,
    ...load.map((m) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`),
    ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
    `Listen 127.0.0.1:${port}`,
    `PidFile "${l.dir}/apache.pid"`,
    `DefaultRuntimeDir "${l.dir}"`,
    `ErrorLog "${l.dir}/apache-error.log"`,
    'LogLevel error',
    'ServerName 127.0.0.1',
    // 256 threads from the start, room for twice that: with fewer, the event MPM closes
    // keep-alive connections under 256 clients (wrk read errors)
    'StartServers 4',
    'ServerLimit 8',
    'ThreadLimit 64',
    'ThreadsPerChild 64',
    'MaxRequestWorkers 512',
    'MinSpareThreads 64',
    'MaxSpareThreads 512',
    'KeepAlive On',
    'MaxKeepAliveRequests 0',
    'KeepAliveTimeout 60',
    'Header add Balancer-Route "%{BALANCER_WORKER_ROUTE}e"',
    ...members('rr'),
    ...members('sticky'),
    'ProxyPass "/rr/" "balancer://rr/rr/"',
    'ProxyPass "/sticky/" "balancer://sticky/sticky/"',
    '',
  ].join('\n');
}

/** lbkit: the same two pools, passive health only (no checks), as a YAML file. */
export function lbkit(l: Layout, port: number): string {
  const members = l.members.map((p, i) => `      - { id: static${i + 1}, url: "http://127.0.0.1:${p}" }`);
  return [
    'listen:',
    `  - { host: 127.0.0.1, port: ${port} }`,
    'mounts:',
    '  - { prefix: /rr/, pool: rr, rewrite: /rr/ }',
    '  - { prefix: /sticky/, pool: sticky, rewrite: /sticky/ }',
    'pools:',
    '  rr:',
    '    members:',
    ...members,
    '  sticky:',
    '    sticky: { cookie: ROUTEID }',
    '    members:',
    ...members,
    '',
  ].join('\n');
}
