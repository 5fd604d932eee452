/**
 * A very small SVG vocabulary for the guide figures: text, boxes, lines and a legend, with one
 * palette and one font so that every figure looks like part of the same set.
 *
 * Each helper returns a string of SVG markup; a figure is the concatenation wrapped by {@link svg}.
 * No DOM, no dependency: the output is plain text, stable byte for byte, so a test can render it.
 *
 * @module
 */

/** Colours by role. Members get {@link MEMBER_COLOURS} in configuration order. */
export const COLOURS = {
  ink: '#1f2933',
  muted: '#616e7c',
  grid: '#d9e2ec',
  paper: '#ffffff',
  panel: '#f5f7fa',
  good: '#2f9e44',
  bad: '#e03131',
  warn: '#f08c00',
  accent: '#1971c2',
} as const;

/** Distinct, colour-blind-friendly fills for members 1, 2, 3, … (Okabe–Ito order). */
export const MEMBER_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'] as const;

const FONT = "font-family=\"'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif\"";
const MONO = "font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\"";

/** The fill of the member at `index`. */
export function memberColour(index: number): string {
  return MEMBER_COLOURS[index % MEMBER_COLOURS.length]!;
}

/** Escapes text for SVG content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Options shared by {@link text}. */
export interface TextOptions {
  readonly size?: number;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly weight?: 'normal' | 'bold';
  readonly fill?: string;
  readonly mono?: boolean;
  readonly italic?: boolean;
}

/** One line of text with its baseline at (x, y). */
export function text(x: number, y: number, content: string, o: TextOptions = {}): string {
  const attrs = [
    `x="${x}"`,
    `y="${y}"`,
    o.mono === true ? MONO : FONT,
    `font-size="${o.size ?? 14}"`,
    `fill="${o.fill ?? COLOURS.ink}"`,
    `text-anchor="${o.anchor ?? 'start'}"`,
  ];
  if (o.weight === 'bold') attrs.push('font-weight="bold"');
  if (o.italic === true) attrs.push('font-style="italic"');
  return `<text ${attrs.join(' ')}>${esc(content)}</text>`;
}

/** Options of {@link rect}. */
export interface RectOptions {
  readonly fill?: string;
  readonly stroke?: string;
  readonly strokeWidth?: number;
  readonly radius?: number;
  readonly dash?: string;
  readonly opacity?: number;
}

/** A rectangle. */
export function rect(x: number, y: number, w: number, h: number, o: RectOptions = {}): string {
  const attrs = [`x="${x}"`, `y="${y}"`, `width="${w}"`, `height="${h}"`, `fill="${o.fill ?? 'none'}"`];
  if (o.stroke !== undefined) attrs.push(`stroke="${o.stroke}"`, `stroke-width="${o.strokeWidth ?? 1}"`);
  if (o.radius !== undefined) attrs.push(`rx="${o.radius}"`);
  if (o.dash !== undefined) attrs.push(`stroke-dasharray="${o.dash}"`);
  if (o.opacity !== undefined) attrs.push(`fill-opacity="${o.opacity}"`);
  return `<rect ${attrs.join(' ')}/>`;
}

/** A straight line. */
export function line(x1: number, y1: number, x2: number, y2: number, stroke: string = COLOURS.grid, width = 1, dash?: string): string {
  const d = dash === undefined ? '' : ` stroke-dasharray="${dash}"`;
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${stroke}" stroke-width="${width}"${d}/>`;
}

/** A polyline through `points`. */
export function polyline(points: readonly (readonly [number, number])[], stroke: string, width = 2): string {
  const p = points.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
  return `<polyline points="${p}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linejoin="round"/>`;
}

/** A filled circle. */
export function dot(x: number, y: number, r: number, fill: string, stroke?: string): string {
  const s = stroke === undefined ? '' : ` stroke="${stroke}" stroke-width="2"`;
  return `<circle cx="${round(x)}" cy="${round(y)}" r="${r}" fill="${fill}"${s}/>`;
}

/** A labelled square tile, e.g. one request served by one member. */
export function tile(x: number, y: number, size: number, fill: string, label: string, o: { hatched?: boolean; outline?: string } = {}): string {
  const parts = [rect(x, y, size, size, { fill, radius: 4 })];
  if (o.hatched === true) parts.push(rect(x, y, size, size, { fill: 'url(#hatch)', radius: 4 }));
  if (o.outline !== undefined) parts.push(rect(x - 2, y - 2, size + 4, size + 4, { stroke: o.outline, strokeWidth: 2.5, radius: 6 }));
  parts.push(text(x + size / 2, y + size / 2 + 5, label, { size: 14, anchor: 'middle', weight: 'bold', fill: '#ffffff' }));
  return parts.join('');
}

/** One legend entry: a swatch and its label; returns the markup and the width it took. */
export function legendItem(x: number, y: number, fill: string, label: string, o: { hatched?: boolean; stroke?: string } = {}): [string, number] {
  const parts = [rect(x, y - 11, 14, 14, { fill, radius: 3, ...(o.stroke === undefined ? {} : { stroke: o.stroke, strokeWidth: 2 }) })];
  if (o.hatched === true) parts.push(rect(x, y - 11, 14, 14, { fill: 'url(#hatch)', radius: 3 }));
  parts.push(text(x + 20, y, label, { size: 13, fill: COLOURS.muted }));
  return [parts.join(''), 20 + label.length * 7.4 + 18];
}

/** A row of legend entries starting at (x, y). */
export function legend(x: number, y: number, items: readonly { fill: string; label: string; hatched?: boolean; stroke?: string }[]): string {
  let at = x;
  const out: string[] = [];
  for (const item of items) {
    const [markup, width] = legendItem(at, y, item.fill, item.label, {
      ...(item.hatched === undefined ? {} : { hatched: item.hatched }),
      ...(item.stroke === undefined ? {} : { stroke: item.stroke }),
    });
    out.push(markup);
    at += width;
  }
  return out.join('');
}

/** A figure title and an optional subtitle at the top left. */
export function title(main: string, sub?: string): string {
  const t = text(24, 34, main, { size: 19, weight: 'bold' });
  return sub === undefined ? t : t + text(24, 56, sub, { size: 13.5, fill: COLOURS.muted });
}

/** Wraps markup in an `<svg>` document of the given size, with a white background and shared patterns. */
export function svg(width: number, height: number, body: readonly string[], label: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}">`,
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">',
    '<rect width="3" height="6" fill="#ffffff" fill-opacity="0.35"/></pattern></defs>',
    rect(0, 0, width, height, { fill: COLOURS.paper }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Rounds to two decimals so that output is short and stable. */
export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
