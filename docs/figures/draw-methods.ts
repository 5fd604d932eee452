/**
 * Figures of the choosing-a-method guide: a slow server under each method, and consistent hashing.
 *
 * @module
 */
import { ARRIVALS_PER_SECOND, compareMethods, hashRemap, SERVERS } from './method-scenarios.js';
import { COLOURS, legend, line, memberColour, rect, svg, text, title } from './svg.js';

/** Shares per server and latency per method, for one server five times slower than the others. */
export function methodsChart(): string {
  const results = compareMethods();
  const x0 = 140;
  const shareW = 300;
  const latX = x0 + shareW + 70;
  const latW = 260;
  const rowH = 46;
  const top = 118;
  const maxLog = 5; // 10^5 ms
  const logX = (ms: number): number => latX + (Math.log10(Math.max(ms, 1)) / maxLog) * latW;
  const body: string[] = [
    title('One slow server: who gets the requests, and what clients wait', `fast1 and fast2 take 10 ms per request, slow takes 50 ms; ${ARRIVALS_PER_SECOND} requests/s arrive (68% of capacity).`),
  ];
  body.push(text(x0, top - 22, 'share of requests', { size: 13.5, weight: 'bold' }));
  body.push(text(latX, top - 22, 'latency: mean ▮ and p99 ◆ (log scale)', { size: 13.5, weight: 'bold' }));
  // capacity marker: the slow server can only take 20 of the 150 req/s
  const fair = 20 / ARRIVALS_PER_SECOND;
  results.forEach((r, k) => {
    const y = top + k * rowH;
    body.push(text(x0 - 12, y + 22, r.method, { size: 14, anchor: 'end', weight: 'bold', mono: true }));
    let at = x0;
    r.share.forEach((s, i) => {
      const w = s * shareW;
      body.push(rect(at, y + 4, w, 26, { fill: memberColour(i) }));
      if (w > 30) body.push(text(at + w / 2, y + 22, `${Math.round(s * 100)}%`, { size: 12, anchor: 'middle', fill: '#ffffff', weight: 'bold' }));
      at += w;
    });
    const overloaded = r.share[2]! > fair * 1.2;
    const meanW = logX(r.meanMs) - latX;
    body.push(rect(latX, y + 8, meanW, 18, { fill: overloaded ? COLOURS.bad : COLOURS.good, radius: 3, opacity: 0.85 }));
    const px = logX(r.p99Ms);
    body.push(`<path d="M${px} ${y + 9} l7 8 l-7 8 l-7 -8 z" fill="${COLOURS.ink}"/>`);
    body.push(text(px + 12, y + 22, `${fmt(r.meanMs)} / ${fmt(r.p99Ms)}`, { size: 12, fill: COLOURS.muted }));
  });
  const bottom = top + results.length * rowH;
  const slowEdge = x0 + shareW * (1 - fair);
  body.push(line(slowEdge, top - 6, slowEdge, bottom, COLOURS.ink, 1.5, '4 3'));
  body.push(text(slowEdge, bottom + 16, 'slow can keep up with ≤ 13%', { size: 12, anchor: 'middle', fill: COLOURS.ink }));
  for (let p = 0; p <= maxLog; p++) {
    const x = latX + (p / maxLog) * latW;
    body.push(line(x, top - 6, x, bottom, COLOURS.grid));
    body.push(text(x, bottom + 16, ['1 ms', '10 ms', '100 ms', '1 s', '10 s', '100 s'][p]!, { size: 11.5, anchor: 'middle', fill: COLOURS.muted }));
  }
  const ly = bottom + 50;
  body.push(
    legend(24, ly, [
      ...SERVERS.map((s, i) => ({ fill: memberColour(i), label: s.id })),
      { fill: COLOURS.bad, label: 'slow server overloaded: its queue grows' },
      { fill: COLOURS.good, label: 'load follows capacity' },
    ]),
  );
  return svg(latX + latW + 120, ly + 18, body, 'methods compared with one slow server');
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** Keys on a ring of four caches before and after cache3 leaves, beside modulo hashing. */
export function hashRemapChart(): string {
  const r = hashRemap();
  const cols = 24;
  const cell = 22;
  const x0 = 200;
  const body: string[] = [title(`Removing ${r.removed}: which of ${r.keys.length} keys move?`, 'Each square is one key (user-0 … user-95), coloured by the member that serves it. Outlined: the key moved.')];
  const grid = (y: number, owners: readonly string[], before: readonly string[] | null): void => {
    owners.forEach((o, k) => {
      const x = x0 + (k % cols) * (cell + 3);
      const yy = y + Math.floor(k / cols) * (cell + 3);
      const moved = before !== null && before[k] !== o;
      body.push(rect(x, yy, cell, cell, { fill: memberColour(r.members.indexOf(o)), radius: 3 }));
      if (moved) body.push(rect(x - 1.5, yy - 1.5, cell + 3, cell + 3, { stroke: COLOURS.ink, strokeWidth: 2.5, radius: 4 }));
    });
  };
  const rows = Math.ceil(r.keys.length / cols);
  const blockH = rows * (cell + 3) + 34;
  const moved = (a: readonly string[], b: readonly string[]): number => a.filter((o, k) => b[k] !== o).length;
  const blocks: [string, string, readonly string[], readonly string[] | null][] = [
    ['consistent hash', 'before: 4 caches', r.before, null],
    ['', `after: ${moved(r.before, r.after)} keys moved`, r.after, r.before],
    ['hash % n', 'before: 4 caches', r.moduloBefore, null],
    ['', `after: ${moved(r.moduloBefore, r.moduloAfter)} keys moved`, r.moduloAfter, r.moduloBefore],
  ];
  blocks.forEach(([head, caption, owners, before], k) => {
    const y = 84 + k * blockH + (k >= 2 ? 16 : 0);
    if (head !== '') body.push(text(24, y + 16, head, { size: 15, weight: 'bold' }));
    body.push(text(24, y + (head === '' ? 16 : 38), caption, { size: 13, fill: before === null ? COLOURS.muted : COLOURS.ink }));
    grid(y, owners, before);
  });
  const ly = 84 + 4 * blockH + 24;
  body.push(legend(24, ly, r.members.map((m, i) => ({ fill: memberColour(i), label: m }))));
  return svg(x0 + cols * (cell + 3) + 24, ly + 18, body, 'consistent hashing versus modulo hashing when a member leaves');
}
