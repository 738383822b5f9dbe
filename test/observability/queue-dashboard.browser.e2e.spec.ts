import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, chromium } from 'playwright-core';
import { type TestApp, startTestApp } from '../support/app.js';

/** Debian's Chromium: the test never downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let t: TestApp | undefined;
let browser: Browser | undefined;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30_000 });
  t = await startTestApp();
  const server = (await t.app.listen(0, '127.0.0.1')) as { address(): AddressInfo };
  base = `http://127.0.0.1:${server.address().port}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the queue dashboard in a browser', () => {
  it('opens after pasting an admin token into the login form, and lists the queues', async () => {
    if (!browser || !t) throw new Error('not started');
    const context = await browser.newContext();
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const refused = await page.goto(`${base}/admin/queues/`);
    expect(refused?.status()).toBe(401);

    await page.goto(`${base}/admin/queues/login`);
    await page.fill('textarea[name=token]', t.token({ sub: 'admin-1', roles: ['admin'] }));
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/admin/queues/`);
    await expect(page.getByText('deadlines').first().waitFor()).resolves.toBeUndefined();
    await expect(page.getByText('bulletins').first().waitFor()).resolves.toBeUndefined();
    expect(pageErrors).toEqual([]);

    const cookie = (await context.cookies()).find((candidate) => candidate.name === 'casetrail_queues');
    expect(cookie).toMatchObject({ path: '/admin/queues', httpOnly: true, sameSite: 'Strict' });
    await context.close();
  });
});
