/**
 * Figures of the round-robin guide: the counter table, the orders, and sticky catch-up.
 *
 * @module
 */
import { catchUp, counterSteps, sequence } from './scenarios.js';
import { COLOURS, dot, legend, line, memberColour, polyline, rect, svg, text, tile, title } from './svg.js';

const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
const num = (n: number): string => (n < 0 ? `−${-n}` : String(n));

/** The byrequests counter table for weights 3, 1, 1 over five picks. */
export function counterTable(): string {
  const names = ['A', 'B', 'C'];
  const weights = [3, 1, 1];
  const steps = counterSteps(weights, 5, names);
  const x0 = 24;
  const colW = 190;
  const rowH = 58;
  const top = 118;
  const width = x0 + 90 + colW * 3 + 120;
  const body: string[] = [title('byrequests, weights A=3, B=1, C=1', 'Each pick: every member adds its weight; the highest counter wins; the winner pays back the total (5).')];
  body.push(text(x0, top - 22, 'pick', { size: 13, fill: COLOURS.muted, weight: 'bold' }));
  names.forEach((n, i) => {
    const cx = x0 + 90 + colW * i + colW / 2;
    body.push(rect(cx - 70, top - 40, 140, 26, { fill: memberColour(i), radius: 5 }));
    body.push(text(cx, top - 22, `${n}  (weight ${weights[i]})`, { size: 14, anchor: 'middle', weight: 'bold', fill: '#ffffff' }));
  });
  body.push(text(x0 + 90 + colW * 3 + 20, top - 22, 'sends to', { size: 13, fill: COLOURS.muted, weight: 'bold' }));
  steps.forEach((s, k) => {
    const y = top + k * rowH;
    body.push(rect(x0, y, width - 2 * x0, rowH - 6, { fill: k % 2 === 0 ? COLOURS.panel : COLOURS.paper, radius: 6 }));
    body.push(text(x0 + 14, y + 32, String(k + 1), { size: 18, weight: 'bold', fill: COLOURS.muted }));
    names.forEach((_, i) => {
      const cx = x0 + 90 + colW * i + colW / 2;
      const won = i === s.winner;
      if (won) body.push(rect(cx - 88, y + 5, 176, rowH - 16, { fill: '#ffffff', stroke: memberColour(i), strokeWidth: 2.5, radius: 6 }));
      const first = `${num(s.before[i]!)} ${signed(weights[i]!)} = ${num(s.added[i]!)}`;
      const second = won ? `${num(s.added[i]!)} − ${s.total} = ${num(s.after[i]!)}` : '';
      body.push(text(cx, y + (won ? 23 : 31), first, { size: 14, anchor: 'middle', mono: true }));
      if (won) body.push(text(cx, y + 41, second, { size: 14, anchor: 'middle', mono: true, weight: 'bold', fill: memberColour(i) }));
    });
    body.push(tile(x0 + 90 + colW * 3 + 36, y + 9, 34, memberColour(s.winner), names[s.winner]!));
  });
  const yEnd = top + steps.length * rowH + 22;
  body.push(text(x0, yEnd, 'After five picks every counter is back at 0: the cycle A, B, A, C, A repeats.', { size: 13.5, fill: COLOURS.muted }));
  return svg(width, yEnd + 18, body, 'byrequests counter table for weights 3, 1, 1');
}

/** A row of tiles for a pick sequence. */
function tileRow(x: number, y: number, picks: readonly string[], names: readonly string[], size = 30): string {
  return picks.map((p, k) => tile(x + k * (size + 6), y, size, memberColour(names.indexOf(p)), p)).join('');
}

/** Orders produced by byrequests for a few weightings, beside a naive block order. */
export function orders(): string {
  const rows: { caption: string; names: string[]; picks: string[] }[] = [
    { caption: 'weights 1, 1, 1', names: ['1', '2', '3'], picks: sequence({ members: [{ id: '1' }, { id: '2' }, { id: '3' }] }, 12) },
    { caption: 'weights 3, 1, 1', names: ['A', 'B', 'C'], picks: sequence({ members: [{ id: 'A', weight: 3 }, { id: 'B' }, { id: 'C' }] }, 12) },
    { caption: 'naive list for 3, 1, 1', names: ['A', 'B', 'C'], picks: ['A', 'A', 'A', 'B', 'C', 'A', 'A', 'A', 'B', 'C', 'A', 'A'] },
    { caption: 'weights 5, 1', names: ['A', 'B'], picks: sequence({ members: [{ id: 'A', weight: 5 }, { id: 'B' }] }, 12) },
  ];
  const body: string[] = [title('The order of the first twelve requests', 'byrequests spreads a heavy member out instead of sending it a burst.')];
  rows.forEach((r, k) => {
    const y = 86 + k * 52;
    const naive = r.caption.startsWith('naive');
    body.push(text(24, y + 21, r.caption, { size: 14, weight: 'bold', fill: naive ? COLOURS.muted : COLOURS.ink, italic: naive }));
    body.push(tileRow(210, y, r.picks, r.names));
    if (naive) body.push(text(210 + 12 * 36 + 4, y + 21, '← not lbkit: a burst of A', { size: 12.5, fill: COLOURS.bad }));
  });
  return svg(210 + 12 * 36 + 190, 86 + rows.length * 52 + 10, body, 'byrequests orders for several weightings');
}

/** Sticky requests count: the 2,3,2,3 catch-up, tiles and counters. */
export function catchUpChart(): string {
  const steps = catchUp();
  const names = ['static1', 'static2', 'static3'];
  const x0 = 80;
  const dx = 28;
  const body: string[] = [
    title('Sticky requests count too', 'Six new sessions, five requests that carry ROUTEID=.static1, then fifteen new sessions.'),
  ];
  steps.forEach((s, k) => {
    const i = names.indexOf(s.member);
    body.push(tile(x0 + k * dx, 80, 24, memberColour(i), s.member.replace('static', ''), s.sticky ? { hatched: true } : {}));
  });
  body.push(text(24, 99, 'served', { size: 13, fill: COLOURS.muted }));
  // counters
  const cy = 250;
  const scale = 11;
  const xAt = (k: number): number => x0 + 12 + k * dx;
  body.push(text(24, 140, 'counters (lbstatus) after each request', { size: 13, fill: COLOURS.muted, weight: 'bold' }));
  for (let v = -10; v <= 5; v += 5) {
    body.push(line(x0 - 6, cy - v * scale, xAt(steps.length - 1) + 10, cy - v * scale, v === 0 ? COLOURS.muted : COLOURS.grid, 1, v === 0 ? undefined : '3 3'));
    body.push(text(x0 - 12, cy - v * scale + 4, num(v), { size: 12, anchor: 'end', fill: COLOURS.muted }));
  }
  // drawn last to first, the first ones thinner, so that lines that coincide show both colours
  [2, 1, 0].forEach((i) => {
    const pts = steps.map((s, k) => [xAt(k), cy - s.lbstatus[i]! * scale] as const);
    body.push(polyline(pts, memberColour(i), i === 2 ? 6 : 2.5));
    for (const [x, y] of pts) body.push(dot(x, y, i === 2 ? 4.5 : 3, memberColour(i)));
  });
  body.push(rect(x0 + 6 * dx - 4, 72, 5 * dx + 4, cy + 10 * scale + 8 - 72, { fill: COLOURS.accent, opacity: 0.06, stroke: COLOURS.accent, dash: '4 3' }));
  body.push(text(x0 + 8.5 * dx, cy + 10 * scale + 26, 'static1 at −10', { size: 12.5, anchor: 'middle', fill: COLOURS.accent }));
  body.push(text(xAt(17.5), cy + 10 * scale + 26, 'static1 catches up: new sessions go to 2 and 3', { size: 12.5, anchor: 'middle', fill: COLOURS.accent }));
  const ly = cy + 10 * scale + 56;
  body.push(
    legend(24, ly, [
      { fill: memberColour(0), label: 'static1' },
      { fill: memberColour(1), label: 'static2' },
      { fill: memberColour(2), label: 'static3' },
      { fill: COLOURS.muted, label: 'hatched: request carried a route (sticky)', hatched: true },
    ]),
  );
  return svg(x0 + steps.length * dx + 30, ly + 18, body, 'sticky requests move the byrequests counters');
}
