import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localControl, startAdmin, type AdminServer } from '../src/index.js';
import { closeAll, namedMember, send, startProxy } from './helpers.js';

/** Debian's Chromium (apt-get install chromium); no browser is downloaded. */
const CHROMIUM = process.env['LBKIT_CHROMIUM'] ?? '/usr/bin/chromium';
/** Outside CI a machine without Chromium skips this suite; in CI (CI set) a missing browser fails it. */
const RUN = existsSync(CHROMIUM) || process.env['CI'] !== undefined;
const admins: AdminServer[] = [];
let browser: Browser | null = null;

beforeAll(async () => {
  if (RUN) browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}, 30_000);
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await Promise.all(admins.splice(0).map((a) => a.close()));
  await closeAll();
});

async function setup(token: string | null) {
  const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => namedMember(n)));
  const { proxy, url } = await startProxy({ mounts: [{ prefix: '/', pool: 'web' }], pools: { web: { members: [{ id: 'a', url: a!.url }, { id: 'b', url: b!.url }] } } }, { metrics: true });
  const admin = await startAdmin(localControl(proxy), { host: '127.0.0.1', port: 0, token });
  admins.push(admin);
  const page = await browser!.newPage();
  page.on('dialog', (d) => void d.accept());
  return { proxy, url, admin, page, c: c! };
}

/** The page polls every 2 s; a loaded CI machine may need more than the default 1 s. */
const POLL = { timeout: 10_000 };
const cell = (page: Page, member: string, column: number) => page.locator(`tr[data-member="${member}"] td:nth-child(${column})`);

describe.skipIf(!RUN)('status page in Chromium', { timeout: 60_000 }, () => {
  it('shows the members, refreshes itself, and drains, reweights, adds and removes members', async () => {
    const { proxy, url, admin, page, c } = await setup(null);
    try {
      await page.goto(admin.url);
      await expect.poll(() => cell(page, 'a', 4).textContent(), POLL).toBe('ok');
      expect(await cell(page, 'b', 5).textContent()).toBe('healthy');
      // traffic shows up without touching the page: it polls the API
      for (let i = 0; i < 6; i++) await send(url);
      await expect.poll(() => cell(page, 'a', 7).textContent(), POLL).toBe('3');

      await page.locator('tr[data-member="b"] button', { hasText: 'Drain' }).click();
      await expect.poll(() => cell(page, 'b', 4).textContent(), POLL).toBe('draining');
      expect(proxy.state('web').members[1]!.draining).toBe(true);

      await page.locator('tr[data-member="a"] input[type=number]').fill('7');
      await page.locator('tr[data-member="a"] button', { hasText: 'Set' }).click();
      await expect.poll(() => proxy.state('web').members[0]!.weight, POLL).toBe(7);

      await page.getByLabel('new member id in web').fill('c');
      await page.getByLabel('new member url in web').fill(c.url);
      await page.getByRole('button', { name: 'Add' }).click();
      await expect.poll(() => cell(page, 'c', 2).textContent(), POLL).toBe(c.url);
      await page.locator('tr[data-member="c"] button', { hasText: 'Remove' }).click();
      await expect.poll(() => page.locator('tr[data-member="c"]').count(), POLL).toBe(0);
      expect(proxy.state('web').members.map((m) => m.id)).toEqual(['a', 'b']);
      await expect.poll(() => page.locator('#commands li').count(), POLL).toBe(4);
    } finally {
      await page.close();
    }
  });

  it('asks for the token when the admin API requires one', async () => {
    const { admin, page } = await setup('browser-test-token-123');
    try {
      await page.goto(admin.url);
      await page.locator('#token').fill('browser-test-token-123');
      await page.getByRole('button', { name: 'Use token' }).click();
      await expect.poll(() => cell(page, 'a', 4).textContent(), POLL).toBe('ok');
    } finally {
      await page.close();
    }
  });
});
