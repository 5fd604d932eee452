import { describe, expect, it } from 'vitest';
import { Driver, type Happening, runToEnd } from './driver.js';
import { type Action, settingsOf } from '../settings.js';

const alike = (n: number) => Array.from({ length: n }, () => ({ weight: 1, speed: 1 }));
const settings = settingsOf({ members: alike(4), rate: 400, sessions: 40, sticky: true, serviceMs: 10, retryMs: 3_000, durationMs: 20_000, seed: 9 });

function drain(d: Driver): Happening[] {
  const out: Happening[] = [];
  for (let h = d.next(); h !== undefined; h = d.next()) out.push(h);
  return out;
}

function sliced(d: Driver, step: number): Happening[] {
  const out: Happening[] = [];
  for (let t = step; !d.done; t += step) for (let h = d.take(t); h !== undefined; h = d.take(t)) out.push(h);
  return out;
}

const served = (hs: readonly Happening[], member: number, from: number, to: number) =>
  hs.filter((h) => h.kind === 'served' && h.member === member && h.at >= from && h.at < to).length;

describe('Driver', () => {
  const clicks: Action[] = [
    { at: 3_000, member: 0, kind: 'kill' },
    { at: 5_000, member: 1, kind: 'drain' },
    { at: 7_000, member: 2, kind: 'slow' },
    { at: 11_000, member: 0, kind: 'restart' },
    { at: 12_000, member: 1, kind: 'restart' },
    { at: 13_000, member: 2, kind: 'restart' },
  ];

  it('gives the same happenings however the run is sliced', () => {
    const small = { ...settings, rate: 60, sessions: 6, durationMs: 14_000 };
    const whole = drain(new Driver(small, clicks));
    expect(whole.length).toBeGreaterThan(2_000);
    expect(sliced(new Driver(small, clicks), 7.3)).toEqual(whole);
    expect(sliced(new Driver(small, clicks), 250)).toEqual(whole);
  });

  it('explains every decision from the exact state the run decided from', () => {
    const d = new Driver(settings, clicks);
    const hs = drain(d);
    expect(d.mismatches).toBe(0);
    const forwards = hs.filter((h) => h.kind === 'forwarded');
    expect(forwards.every((h) => h.kind === 'forwarded' && h.why !== null && h.why.verdict.type === 'forward' && h.why.verdict.member === String.fromCharCode(65 + h.member))).toBe(true);
  });

  it('carries out kill, drain, slow and restart at their times', () => {
    const hs = drain(new Driver(settings, clicks, 'happenings'));
    const plain = drain(new Driver(settings, [], 'happenings'));
    expect(served(hs, 0, 3_100, 11_000)).toBe(0); // dead
    expect(served(hs, 0, 15_000, 20_000)).toBeGreaterThan(100); // back after restart and retry
    // draining: only its own sessions' requests, so far fewer than before
    expect(served(hs, 1, 6_000, 12_000)).toBeLessThan(served(plain, 1, 6_000, 12_000) / 2);
    expect(hs.some((h) => h.kind === 'drain' && h.member === 1 && h.active && h.at === 5_000)).toBe(true);
    const slowLatency = hs.filter((h) => h.kind === 'served' && h.member === 2 && h.at > 8_000 && h.at < 13_000);
    const mean = slowLatency.reduce((a, h) => a + (h.kind === 'served' ? h.latencyMs : 0), 0) / slowLatency.length;
    expect(mean).toBeGreaterThan(30); // 5 × 10 ms service, minus nothing
    expect(hs.some((h) => h.kind === 'fault' && h.member === 2 && h.fault === 'slow' && !h.active && h.at === 13_000)).toBe(true);
  });

  it('sums up a whole run like the simulator, the same twice', () => {
    const a = runToEnd(settings, clicks);
    expect(a).toEqual(runToEnd(settings, clicks));
    expect(a.served).toBeGreaterThan(5_000);
    expect(a.shares.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 6);
    expect(runToEnd({ ...settings, seed: 10 }, clicks).traceHash).not.toBe(a.traceHash);
  });
});
