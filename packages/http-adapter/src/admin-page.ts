/**
 * The status page of the admin listener (lbkit's balancer-manager): every pool and member with its
 * health and why, refreshed every two seconds, with buttons for drain, disable, enable, weight,
 * add, remove and reload. Plain HTML, CSS and script served from the admin listener itself (the
 * page's Content-Security-Policy allows nothing else); text is inserted as text, never as HTML.
 *
 * @module
 */

/** The page. */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lbkit balancer manager</title>
<link rel="stylesheet" href="app.css">
</head>
<body>
<header>
  <h1>lbkit balancer manager</h1>
  <span id="status" role="status">loading…</span>
  <button id="reload" type="button">Reload configuration</button>
</header>
<form id="login" hidden>
  <label>Admin token <input id="token" type="password" autocomplete="off"></label>
  <button type="submit">Use token</button>
</form>
<main id="pools"></main>
<section>
  <h2>Recent commands</h2>
  <ol id="commands"></ol>
</section>
<script src="app.js"></script>
</body>
</html>
`;

/** The page's style. */
export const PAGE_CSS = `body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem 2rem; color: #1d2327; }
header { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; }
h1 { font-size: 1.4rem; margin: 0; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; min-width: 60rem; }
th, td { border-bottom: 1px solid #dcdcde; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f7f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.health { font-weight: 600; padding: 0 .4rem; border-radius: .3rem; }
.h-ok { background: #d1f3dc; } .h-draining { background: #fff3c4; } .h-disabled { background: #e0e0e0; }
.h-down, .h-error { background: #f9d0d0; } .h-retrying, .h-mixed { background: #ffe2c4; }
.why { color: #50575e; max-width: 28rem; }
input[type=number] { width: 4rem; }
#status.error { color: #b32d2e; }
button { cursor: pointer; }
`;

/** The page's script: polls \`api/pools\`, renders, and sends commands as JSON. */
export const PAGE_JS = `'use strict';
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('lbkit-token') || '';
let busy = false;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) { $('login').hidden = false; throw new Error('a token is required'); }
  const data = await res.json();
  if (!res.ok) throw new Error(data.error || (data.reasons || []).join('; ') || res.statusText);
  return data;
}

function say(text, error) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

async function act(method, path, body, done) {
  try {
    await api(method, path, body);
    say(done, false);
  } catch (e) {
    say(e.message, true);
  }
  await refresh();
}

function memberRow(pool, m) {
  const base = 'api/pools/' + encodeURIComponent(pool) + '/members/' + encodeURIComponent(m.id);
  const weight = el('input', { type: 'number', min: '1', max: '100', value: String(m.weight), 'aria-label': 'weight of ' + m.id });
  const retry = m.error ? Math.ceil(m.error.retryInMs / 1000) + ' s' : '';
  return el('tr', { 'data-member': m.id },
    el('td', {}, m.id), el('td', {}, m.url), el('td', {}, m.route),
    el('td', {}, el('span', { class: 'health h-' + m.health }, m.health)),
    el('td', { class: 'why' }, m.why),
    el('td', { class: 'num' }, String(m.inFlight)),
    el('td', { class: 'num' }, String(m.counters.forwarded)),
    el('td', { class: 'num' }, String(m.counters.failures)),
    el('td', { class: 'num' }, retry),
    el('td', {}, weight, el('button', { type: 'button', onclick: () => act('POST', base + '/weight', { weight: Number(weight.value) }, m.id + ': weight set') }, 'Set')),
    el('td', {},
      el('button', { type: 'button', onclick: () => act('POST', base + '/drain', {}, m.id + ' draining') }, 'Drain'), ' ',
      el('button', { type: 'button', onclick: () => act('POST', base + '/disable', {}, m.id + ' disabled') }, 'Disable'), ' ',
      el('button', { type: 'button', onclick: () => act('POST', base + '/enable', {}, m.id + ' enabled') }, 'Enable'), ' ',
      el('button', { type: 'button', onclick: () => confirm('Remove ' + m.id + '?') && act('DELETE', base, undefined, m.id + ' removed') }, 'Remove')));
}

function addForm(pool) {
  const id = el('input', { placeholder: 'id', required: '', 'aria-label': 'new member id in ' + pool });
  const url = el('input', { placeholder: 'http://host:port', required: '', 'aria-label': 'new member url in ' + pool });
  const weight = el('input', { type: 'number', min: '1', max: '100', value: '1', 'aria-label': 'new member weight in ' + pool });
  return el('form', { onsubmit: (e) => { e.preventDefault(); act('POST', 'api/pools/' + encodeURIComponent(pool) + '/members', { id: id.value, url: url.value, weight: Number(weight.value) }, id.value + ' added'); } },
    'Add member: ', id, ' ', url, ' weight ', weight, ' ', el('button', { type: 'submit' }, 'Add'));
}

function render(view) {
  const root = $('pools');
  root.replaceChildren();
  for (const p of view.pools) {
    const head = ['member', 'url', 'route', 'health', 'why', 'in flight', 'forwarded', 'failures', 'retry in', 'weight', 'actions'];
    root.append(
      el('h2', {}, 'Pool ' + p.name + ' (' + p.method + (p.stickyCookie ? ', sticky ' + p.stickyCookie : '') + ')'),
      el('table', { 'data-pool': p.name }, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))), el('tbody', {}, ...p.members.map((m) => memberRow(p.name, m)))),
      addForm(p.name));
  }
}

async function refresh() {
  if (busy || document.activeElement && document.activeElement.tagName === 'INPUT') return;
  busy = true;
  try {
    const view = await api('GET', 'api/pools');
    render(view);
    const cmds = await api('GET', 'api/commands');
    $('commands').replaceChildren(...cmds.commands.slice(-10).reverse().map((c) => el('li', {}, c.at + ' ' + JSON.stringify(c.command) + (c.ok ? ' ok' : ' failed: ' + c.error))));
    if ($('status').className !== 'error') say('updated ' + new Date().toLocaleTimeString() + (view.workers > 1 ? ' (' + view.workers + ' workers)' : ''), false);
  } catch (e) {
    say(e.message, true);
  } finally {
    busy = false;
  }
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  token = $('token').value;
  sessionStorage.setItem('lbkit-token', token);
  $('login').hidden = true;
  say('', false);
  refresh();
});
$('reload').addEventListener('click', () => act('POST', 'api/reload', {}, 'configuration reloaded'));
refresh();
setInterval(refresh, 2000);
`;
