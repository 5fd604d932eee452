/**
 * The whole state of the page in a URL fragment: settings, clicks, where the run was (time and
 * happenings taken), playback speed and the side-by-side choice. A fragment works from a static
 * server and from `file://` alike, and never reaches a server.
 *
 * @module
 */
import { type Action, actionsOf, METHOD_NAMES, type MethodName, type Settings, settingsOf } from './settings.js';

/** What a share link carries. */
export interface Shared {
  readonly settings: Settings;
  readonly actions: readonly Action[];
  /** Virtual time shown, ms. */
  readonly t: number;
  /** Happenings taken (so a stepped position is reproduced exactly). */
  readonly n: number;
  readonly speed: number;
  readonly compare: { readonly method: MethodName; readonly forceRecovery: boolean };
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The fragment (without `#`) that reproduces `s`. */
export function encodeShared(s: Shared): string {
  return `s=${toBase64Url(JSON.stringify(s))}`;
}

/** What a fragment asks for: a shared state, a lesson by id, or nothing. Never throws. */
export function decodeFragment(fragment: string): { readonly shared?: Shared; readonly lesson?: string } {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const lesson = params.get('lesson');
  const s = params.get('s');
  if (s === null) return lesson === null ? {} : { lesson };
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(fromBase64Url(s));
    o = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
  const settings = settingsOf(o['settings']);
  const num = (v: unknown, lo: number, hi: number, d: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : d);
  const c = (typeof o['compare'] === 'object' && o['compare'] !== null ? o['compare'] : {}) as Record<string, unknown>;
  return {
    shared: {
      settings,
      actions: actionsOf(o['actions'], settings.members.length),
      t: num(o['t'], 0, 3_600_000 * 2, 0),
      n: Math.round(num(o['n'], 0, 50_000_000, 0)),
      speed: num(o['speed'], 0.01, 100, 1),
      compare: {
        method: METHOD_NAMES.includes(c['method'] as MethodName) ? (c['method'] as MethodName) : 'p2c',
        forceRecovery: c['forceRecovery'] === true,
      },
    },
  };
}
