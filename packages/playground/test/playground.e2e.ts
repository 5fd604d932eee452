/**
 * The built playground in a real browser (Debian's Chromium through playwright-core): a lesson,
 * a member killed by a click, the share link reproducing the same numbers in a new page, the
 * inspector and the side by side, and the frame timing with 10 members at 1,000 requests/s
 * (printed, not asserted). Screenshots go to test-results/ (ignored by git).
 *
 * Run with `npm run test:e2e` (it builds the page first).
 */
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonOf } from '../src/lessons.js';
import { decodeFragment, encodeShared } from '../src/share.js';
import { settingsOf } from '../src/settings.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DIST = join(HERE, '..', 'dist');
const OUT = join(HERE, '..', 'test-results');
const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const LESSON_SETTINGS = { 'retry-period': lessonOf('retry-period')!.settings } as const;

let server: Server;
let browser: Browser;
let base = '';

/** A static file server for dist/ on 127.0.0.1, any free port. */
function serve(root: string): Promise<Server> {
  const s = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^[/\\]+/, '');
    const file = join(root, path === '' ? 'index.html' : path);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('.member');
  expect(errors).toEqual([]);
  return page;
}

const served = (page: Page) => page.$$eval('.member', (els) => els.map((e) => Number((e as HTMLElement).dataset['served'])));
const clock = (page: Page) => page.$eval('#clock', (e) => ({ t: Number((e as HTMLElement).dataset['t']), n: Number((e as HTMLElement).dataset['n']) }));

/** Plays until the virtual clock passes `t` ms, then pauses. */
async function playUntil(page: Page, t: number): Promise<void> {
  await page.click('#toggle');
  await page.waitForFunction((until) => Number(document.getElementById('clock')!.dataset['t']) >= until, t, { timeout: 60_000 });
  await page.click('#toggle');
}

function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

const median = (values: readonly number[]) => quantile(values, 0.5);

beforeAll(async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/index.html is missing: run `npm run test:e2e`, which builds first');
  mkdirSync(OUT, { recursive: true });
  server = await serve(DIST);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the playground in Chromium', () => {
  it('a killed member gets no traffic while the others take it, and the share link reproduces the numbers', async () => {
    const page = await open(base);
    await page.selectOption('#lesson', 'round-robin');
    await page.selectOption('#speed', '10');
    expect(await page.textContent('#lesson-text')).toContain('A, B, C');
    await playUntil(page, 15_000);
    const before = await served(page);
    expect(before).toHaveLength(3);
    for (const n of before) expect(n).toBeGreaterThan(10);
    await page.screenshot({ path: join(OUT, '1-lesson-round-robin.png'), fullPage: true });

    await page.click('.member[data-member="1"] button[data-action="kill"]');
    const killedAt = (await clock(page)).t;
    await playUntil(page, killedAt + 30_000);
    const after = await served(page);
    expect(after[1]).toBe(before[1]); // B served nothing more
    expect(await page.textContent('.member[data-member="1"] [data-field="rate"]')).toBe('0.0');
    expect(await page.textContent('.member[data-member="1"] [data-field="state"]')).toContain('dead');
    const sentMeanwhile = (await clock(page)).t - killedAt;
    const gained = after[0]! - before[0]! + (after[2]! - before[2]!);
    expect(gained).toBeGreaterThan((sentMeanwhile / 1000) * 4 * 0.8); // A and C took the 4 req/s between them
    expect(after[0]! - before[0]!).toBeGreaterThan(0);
    expect(after[2]! - before[2]!).toBeGreaterThan(0);
    // the request that found B dead failed over; the notable filter keeps it, and the inspector says why
    await page.selectOption('#request-filter', 'notable');
    const failover = page.locator('.request-list li', { hasText: 'B✗(refused) → ' }).first();
    await failover.click();
    const why = await page.textContent('#inspector');
    expect(why).toContain('attempt 1 → B (failed: refused)');
    expect(why).toContain('skipped: already tried by this request');
    await page.screenshot({ path: join(OUT, '2-member-b-killed.png'), fullPage: true });

    await page.click('#share');
    const url = await page.inputValue('#share-url');
    expect(url).toContain('#s=');
    const totals = await page.textContent('#totals');
    const at = await clock(page);
    const copy = await open(url);
    expect(await served(copy)).toEqual(after);
    expect(await clock(copy)).toEqual(at);
    expect(await copy.textContent('#totals')).toBe(totals);
    expect(await copy.textContent('#clicks')).toContain('kill B');
    await copy.screenshot({ path: join(OUT, '3-shared-link.png'), fullPage: true });
    await copy.close();
    await page.close();
  });

  it('resets, and a new seed gives another run of the same scenario', async () => {
    const lesson = 'retry-period';
    const at = (seed: number) => {
      const settings = settingsOf({ ...LESSON_SETTINGS[lesson], seed });
      return `${base}#${encodeShared({ settings, actions: [], t: 0, n: 3_000, speed: 1, compare: { method: 'p2c', forceRecovery: false } })}`;
    };
    const one = await open(at(1));
    const two = await open(at(2));
    const [c1, c2] = [await clock(one), await clock(two)];
    expect(c1.n).toBe(3_000);
    expect(c2.n).toBe(3_000);
    expect(c1.t).not.toBe(c2.t); // the 3,000th event comes at another time
    // round robin serves 332/333/333 whatever the seed; the seeded service times show in each card's latency
    const cards = (page: Page) => page.$$eval('.member', (els) => els.map((e) => e.textContent));
    expect(await cards(one)).not.toEqual(await cards(two));
    await two.close();

    await one.click('#reset');
    expect(await clock(one)).toEqual({ t: 0, n: 0 });
    expect(await served(one)).toEqual([0, 0, 0]);
    await one.fill('#controls input[name="seed"]', '2');
    await one.press('#controls input[name="seed"]', 'Enter');
    await one.locator('#controls').dispatchEvent('change');
    await one.click('#share');
    expect(decodeFragment(new URL(await one.inputValue('#share-url')).hash).shared?.settings.seed).toBe(2);
    await one.close();
  });

  it('steps event by event and explains a decision in the inspector', async () => {
    const page = await open(`${base}#lesson=weights`);
    for (let i = 0; i < 6; i++) await page.click('#step');
    expect(await page.textContent('#step-line')).toMatch(/s: \w+/);
    const first = page.locator('.request-list li').last();
    await first.click();
    const inspector = await page.textContent('#inspector');
    expect(inspector).toContain('Request #0');
    expect(inspector).toContain('0 → -2'); // A's counter: +3, then pays back 5
    expect(inspector).toContain('chosen by byrequests');
    await page.screenshot({ path: join(OUT, '4-inspector.png'), fullPage: true });
    await page.close();
  });

  it('runs two methods side by side on the same seed', async () => {
    const page = await open(`${base}#lesson=herding`);
    await page.click('#compare-run');
    await page.waitForSelector('.compare-table', { timeout: 30_000 });
    const table = await page.textContent('.compare-table');
    expect(table).toContain('A: bybusyness');
    expect(table).toContain('B: p2c');
    expect(await page.locator('.chart svg').count()).toBe(2);
    await page.locator('#compare').screenshot({ path: join(OUT, '5-side-by-side.png') });
    await page.close();
  });

  it('frame timing with 10 members at 1,000 requests/s (printed)', async () => {
    const settings = settingsOf({ members: Array.from({ length: 10 }, () => ({ weight: 1, speed: 1 })), rate: 1_000, serviceMs: 5, durationMs: 600_000 });
    const page = await open(`${base}#${encodeShared({ settings, actions: [], t: 0, n: 0, speed: 1, compare: { method: 'p2c', forceRecovery: false } })}`);
    await page.click('#toggle');
    const start = await page.evaluate(() => (window as unknown as { lbkitFrames: number[] }).lbkitFrames.length);
    const t0 = await clock(page);
    const wallStart = Date.now();
    await page.waitForFunction((n) => (window as unknown as { lbkitFrames: number[] }).lbkitFrames.length >= n + 240, start, { timeout: 30_000 });
    const wall = Date.now() - wallStart;
    const frames = await page.evaluate((n) => (window as unknown as { lbkitFrames: number[] }).lbkitFrames.slice(n), start);
    const work = await page.evaluate((n) => (window as unknown as { lbkitWork: number[] }).lbkitWork.slice(n), start);
    const t1 = await clock(page);
    await page.click('#toggle');
    await page.screenshot({ path: join(OUT, '6-ten-members-1000-rps.png'), fullPage: true });
    const sorted = [...frames].sort((a, b) => a - b);
    const q = (p: number) => quantile(frames, p);
    const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
    console.log(
      `frame timing, 10 members at 1,000 req/s: ${frames.length} frames, ${(1000 / mean).toFixed(1)} frames/s mean, ` +
        `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms; ` +
        `virtual time ${(t1.t - t0.t).toFixed(0)} ms in ${wall} ms of real time, ${t1.n - t0.n} events; ` +
        `work per frame (simulate + draw) median ${median(work).toFixed(2)} ms, p95 ${quantile(work, 0.95).toFixed(2)} ms`,
    );
    expect(t1.n).toBeGreaterThan(t0.n); // the run moved; the figures above are printed, not asserted
    await page.close();
  });
});
