/**
 * Figures of the health-and-failover guide: passive health, active checks, tiers and standby.
 *
 * @module
 */
import { activeStory, DYN2_DOWN, passiveStory, TIER_POOL, tierStory } from './health-scenarios.js';
import { COLOURS, dot, legend, line, memberColour, rect, svg, text, tile, title } from './svg.js';

/** A band of a member's state over time: runs of equal values drawn as coloured boxes. */
function band(x0: number, y: number, dx: number, h: number, values: readonly string[], fills: Readonly<Record<string, string>>): string {
  const out: string[] = [];
  let start = 0;
  for (let k = 1; k <= values.length; k++) {
    if (k < values.length && values[k] === values[start]) continue;
    const v = values[start]!;
    out.push(rect(x0 + start * dx + 1, y, (k - start) * dx - 2, h, { fill: fills[v] ?? COLOURS.grid, radius: 4 }));
    if ((k - start) * dx > 60) out.push(text(x0 + ((start + k) / 2) * dx, y + h / 2 + 5, v, { size: 12.5, anchor: 'middle', fill: '#ffffff', weight: 'bold' }));
    start = k;
  }
  return out.join('');
}

/** One request a second to dyn1 and dyn2; dyn2 refuses connections for a while. */
export function passiveChart(): string {
  const steps = passiveStory();
  const x0 = 150;
  const dx = 26;
  const end = x0 + steps.length * dx;
  const body: string[] = [title('Passive health: errors, retry and recovery', 'Round robin over dyn1 and dyn2, one request a second, retryMs 5 000. Shaded: dyn2 refuses connections.')];
  const lanes = ['dyn1', 'dyn2'];
  const top = 100;
  body.push(rect(x0 + DYN2_DOWN.from * dx, top - 14, (DYN2_DOWN.until - DYN2_DOWN.from) * dx, 158, { fill: COLOURS.bad, opacity: 0.07 }));
  body.push(text(x0 + ((DYN2_DOWN.from + DYN2_DOWN.until) / 2) * dx, top - 20, 'dyn2 refuses connections', { size: 12, anchor: 'middle', fill: COLOURS.bad }));
  lanes.forEach((n, i) => {
    const y = top + i * 40;
    body.push(line(x0, y + 14, end, y + 14, COLOURS.grid, 1));
    body.push(text(x0 - 12, y + 19, `served by ${n}`, { size: 13, anchor: 'end', weight: 'bold', fill: memberColour(i) }));
  });
  steps.forEach((s, k) => {
    const i = lanes.indexOf(s.member);
    const cx = x0 + k * dx + dx / 2;
    const cy = top + i * 40 + 14;
    if (s.failed) {
      body.push(dot(cx, cy, 9, COLOURS.paper, COLOURS.bad));
      body.push(text(cx, cy + 5, '✕', { size: 13, anchor: 'middle', weight: 'bold', fill: COLOURS.bad }));
    } else body.push(dot(cx, cy, 8, memberColour(i)));
  });
  const yStatus = top + 92;
  body.push(text(x0 - 12, yStatus + 17, 'dyn2 status', { size: 13, anchor: 'end', fill: COLOURS.muted }));
  body.push(band(x0, yStatus, dx, 24, steps.map((s) => s.status), { ok: COLOURS.good, error: COLOURS.bad }));
  body.push(text(x0 - 12, yStatus + 51, 'dyn2 usable', { size: 13, anchor: 'end', fill: COLOURS.muted }));
  body.push(band(x0, yStatus + 34, dx, 24, steps.map((s) => (s.usable ? 'usable' : 'waiting')), { usable: COLOURS.accent, waiting: '#adb5bd' }));
  const axisY = yStatus + 80;
  for (let k = 0; k <= steps.length; k += 5) {
    body.push(line(x0 + k * dx, axisY - 6, x0 + k * dx, axisY, COLOURS.muted));
    body.push(text(x0 + k * dx, axisY + 15, `${k} s`, { size: 12, anchor: 'middle', fill: COLOURS.muted }));
  }
  const ly = axisY + 46;
  body.push(
    legend(24, ly, [
      { fill: COLOURS.paper, stroke: COLOURS.bad, label: 'failed request' },
      { fill: COLOURS.bad, label: 'error: no new requests until retry time' },
      { fill: COLOURS.accent, label: 'usable (ok, or retry time passed)' },
    ]),
  );
  return svg(end + 24, ly + 18, body, 'passive health timeline');
}

/** Health-check results with fall 2 and rise 3. */
export function activeChart(): string {
  const steps = activeStory();
  const x0 = 150;
  const dx = 48;
  const end = x0 + steps.length * dx;
  const body: string[] = [title('Active checks: fall 2, rise 3', 'A check every 5 s. Two failures in a row take the member down; three passes in a row bring it back.')];
  const top = 96;
  body.push(text(x0 - 12, top + 20, 'check result', { size: 13, anchor: 'end', fill: COLOURS.muted }));
  steps.forEach((s, k) => {
    const cx = x0 + k * dx + dx / 2;
    body.push(dot(cx, top + 15, 12, s.ok ? COLOURS.good : COLOURS.bad));
    body.push(text(cx, top + 20, s.ok ? '✓' : '✕', { size: 13, anchor: 'middle', weight: 'bold', fill: '#ffffff' }));
    body.push(text(cx, top + 100, `${s.at} s`, { size: 12, anchor: 'middle', fill: COLOURS.muted }));
  });
  body.push(text(x0 - 12, top + 65, 'verdict', { size: 13, anchor: 'end', fill: COLOURS.muted }));
  body.push(band(x0, top + 46, dx, 28, steps.map((s) => s.check), { up: COLOURS.good, down: COLOURS.bad }));
  const ly = top + 136;
  body.push(
    legend(24, ly, [
      { fill: COLOURS.good, label: 'check passed / up' },
      { fill: COLOURS.bad, label: 'check failed / down (no requests, not even sticky ones)' },
    ]),
  );
  return svg(end + 24, ly + 18, body, 'active health check timeline');
}

/** Which member serves as the members of a tiered pool fail one after another. */
export function tiersChart(): string {
  const phases = tierStory();
  const names = TIER_POOL.members.map((m) => m.id);
  const x0 = 330;
  const size = 40;
  const body: string[] = [title('Tiers and hot standby', 'Tier 0: web1, web2 and the hot standby spare; tier 1: dr1, dr2. Members fail one by one.')];
  phases.forEach((p, k) => {
    const y = 84 + k * 56;
    body.push(rect(20, y - 6, x0 + 4 * (size + 10) + 210 - 20, 52, { fill: k % 2 === 0 ? COLOURS.panel : COLOURS.paper, radius: 6 }));
    body.push(text(34, y + 26, p.down.length === 0 ? 'all members up' : `down: ${p.down.join(', ')}`, { size: 13.5, fill: p.down.length === 0 ? COLOURS.good : COLOURS.ink }));
    if (k === 0) body.push(text(x0 - 14, y + 26, 'next 4 →', { size: 12, anchor: 'end', fill: COLOURS.muted }));
    p.picks.forEach((pick, j) => {
      const x = x0 + j * (size + 10);
      if (pick.startsWith('reject:')) {
        body.push(rect(x, y, size, size, { fill: COLOURS.paper, stroke: COLOURS.bad, strokeWidth: 2, radius: 4 }));
        body.push(text(x + size / 2, y + 26, '503', { size: 13, anchor: 'middle', weight: 'bold', fill: COLOURS.bad }));
      } else body.push(tile(x, y, size, memberColour(names.indexOf(pick)), pick.replace('web', 'w').replace('spare', 'S').replace('dr', 'd')));
    });
    const first = p.picks[0]!;
    const note = first.startsWith('reject:') ? `reject: ${first.slice(7)}` : first === 'spare' ? 'hot standby takes over' : first.startsWith('dr') ? 'tier 1 takes over' : 'tier 0';
    body.push(text(x0 + 4 * (size + 10) + 14, y + 26, note, { size: 13, fill: COLOURS.muted, italic: true }));
  });
  const ly = 84 + phases.length * 56 + 20;
  body.push(legend(24, ly, names.map((n, i) => ({ fill: memberColour(i), label: n }))));
  return svg(x0 + 4 * (size + 10) + 220, ly + 18, body, 'tiers and hot standby');
}
