/**
 * Figure of the sticky-sessions guide: a session moving when its member dies.
 *
 * @module
 */
import { sessionMoves } from './scenarios.js';
import { COLOURS, dot, legend, line, memberColour, rect, svg, text, title } from './svg.js';

/** Swim lanes: one per static server, one column per request of {@link sessionMoves}. */
export function sessionChart(): string {
  const steps = sessionMoves();
  const names = ['static1', 'static2', 'static3'];
  const x0 = 120;
  const dx = 96;
  const laneH = 46;
  const top = 150;
  const width = x0 + steps.length * dx + 20;
  const body: string[] = [title('A session moves when its member dies', 'The static pool with retry 60 s. Each column is one request: what it carried, where it went, what was set.')];
  // column headers: time and cookie carried
  steps.forEach((s, k) => {
    const cx = x0 + k * dx + dx / 2;
    body.push(text(cx, top - 52, s.at >= 1000 ? `t=${s.at / 1000} s` : `t=${s.at} ms`, { size: 12.5, anchor: 'middle', fill: COLOURS.muted }));
    body.push(text(cx, top - 32, s.cookie === '' ? 'no cookie' : s.cookie.replace('ROUTEID=', ''), { size: 12.5, anchor: 'middle', mono: true, fill: s.cookie === '' ? COLOURS.muted : COLOURS.ink }));
    body.push(text(cx, top - 14, s.cookie === '' ? '' : 'carries', { size: 11, anchor: 'middle', fill: COLOURS.muted }));
  });
  // lanes
  names.forEach((n, i) => {
    const y = top + i * laneH;
    body.push(rect(x0, y, steps.length * dx, laneH - 8, { fill: COLOURS.panel, radius: 6 }));
    body.push(text(x0 - 12, y + 24, n, { size: 14, anchor: 'end', weight: 'bold', fill: memberColour(i) }));
  });
  // static2 error period: from the refused request until the retry time
  const failedAt = steps.findIndex((s) => s.outcome === 'refused');
  const back = steps.length - 1;
  const y2 = top + laneH;
  body.push(rect(x0 + failedAt * dx + dx / 2, y2 + 4, (back - failedAt) * dx - dx / 2 - 6, laneH - 16, { fill: COLOURS.bad, opacity: 0.16, radius: 5 }));
  body.push(text(x0 + (failedAt + 1) * dx + 10, y2 + 25, 'error: waits retry (60 s)', { size: 12.5, fill: COLOURS.bad, weight: 'bold' }));
  body.push(line(x0 + back * dx, top - 8, x0 + back * dx, top + 3 * laneH, COLOURS.muted, 1.5, '2 4'));
  body.push(text(x0 + back * dx, top + 3 * laneH + 14, '≈ 60 s later', { size: 11.5, anchor: 'middle', fill: COLOURS.muted }));
  steps.forEach((s, k) => {
    const d = s.decision;
    if (d.type !== 'forward') return;
    const i = names.indexOf(d.member);
    const cx = x0 + k * dx + dx / 2;
    const cy = top + i * laneH + (laneH - 8) / 2;
    body.push(dot(cx, cy, 11, s.outcome === 'refused' ? COLOURS.paper : memberColour(i), s.outcome === 'refused' ? COLOURS.bad : undefined));
    if (s.outcome === 'refused') body.push(text(cx, cy + 5, '✕', { size: 14, anchor: 'middle', weight: 'bold', fill: COLOURS.bad }));
    const bottom = top + 3 * laneH + 28;
    if (d.setCookie !== null) {
      body.push(rect(cx - 43, bottom, 86, 40, { fill: '#fff4e6', stroke: COLOURS.warn, radius: 5 }));
      body.push(text(cx, bottom + 16, 'set ROUTEID', { size: 11.5, anchor: 'middle', fill: COLOURS.warn, weight: 'bold' }));
      body.push(text(cx, bottom + 32, d.setCookie.value, { size: 12, anchor: 'middle', mono: true }));
    } else {
      body.push(text(cx, bottom + 24, d.affinity ? 'sticky' : '', { size: 12, anchor: 'middle', fill: COLOURS.muted, italic: true }));
    }
  });
  const ly = top + 3 * laneH + 100;
  body.push(
    legend(24, ly, [
      { fill: memberColour(0), label: 'served by static1' },
      { fill: memberColour(1), label: 'static2' },
      { fill: memberColour(2), label: 'static3' },
      { fill: COLOURS.paper, stroke: COLOURS.bad, label: 'connection refused' },
      { fill: '#fff4e6', stroke: COLOURS.warn, label: 'routeChanged: cookie set' },
    ]),
  );
  return svg(width, ly + 18, body, 'a sticky session moving to another member when static2 fails');
}
