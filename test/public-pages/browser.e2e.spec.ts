import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { COMPANY, setUpAgency } from '../support/cases.js';
import { PERSON, PERSONAL_FORMS, type PublishedFixture, publishDecisions } from './fixtures.js';

/** Debian's Chromium: the test never downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), 'test-results', 'public-pages');

let t: TestApp | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let base: string;
let fixture: PublishedFixture;
const visited: { url: string; text: string; html: string }[] = [];
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  // Launched first: a browser that cannot start fails the suite at once, before any data is set up.
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30_000 });
  const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));
  t = await startTestApp({ clock });
  fixture = await publishDecisions(t, await setUpAgency(t), clock);
  const server = (await t.app.listen(0, '127.0.0.1')) as { address(): AddressInfo };
  base = `http://127.0.0.1:${server.address().port}`;

  context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false });
  context.setDefaultTimeout(10_000);
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.hostname !== '127.0.0.1') foreignRequests.push(request.url());
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await mkdir(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Keeps what the reader saw of the current page, for the checks at the end. */
async function seen(): Promise<void> {
  visited.push({ url: page.url(), text: await page.locator('body').innerText(), html: await page.content() });
}

async function decisionNumbers(): Promise<string[]> {
  return page.locator('tbody tr td:first-child a').allInnerTexts();
}

describe('the public pages in a browser, without JavaScript', () => {
  it('load the index in Chinese, with its landmarks and labelled fields, listing the published decisions', async () => {
    const response = await page.goto(`${base}/public/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.title()).toBe('行政执法决定公示 - 应急管理行政执法公示');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('行政执法决定公示');
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: '公示栏目' }).count()).toBe(1);
    expect(await page.getByRole('search').count()).toBe(1);
    for (const label of ['决定类别', '当事人', '决定日期（起）', '决定日期（止）']) expect(await page.getByLabel(label).count()).toBe(1);
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual(['决定文书号', '当事人', '类别', '决定日期', '公示日期', '状态']);
    // The inline stylesheet was allowed by the policy's hash: the skip link waits off screen until focused.
    expect((await page.getByRole('link', { name: '跳到正文' }).boundingBox())?.x).toBeLessThan(0);
    expect(await decisionNumbers()).toHaveLength(20);
    expect(await page.getByText(`共 ${fixture.total} 条`).count()).toBe(1);
    expect(await page.getByRole('link', { name: fixture.personLicensing.number }).count()).toBe(1);
    await seen();
    await page.screenshot({ path: join(SCREENSHOTS, 'index.png'), fullPage: true });
  });

  it('page forward and back through the list, with every decision once', async () => {
    const first = await decisionNumbers();
    await page.getByRole('link', { name: '下一页' }).click();
    await page.waitForURL(/\?page=2$/);
    const second = await decisionNumbers();
    expect(second).toEqual(expect.arrayContaining([fixture.companyPenalty.number, fixture.withdrawnPenalty.number]));
    expect(new Set([...first, ...second]).size).toBe(fixture.total);
    await seen();
    await page.getByRole('link', { name: '上一页' }).click();
    await page.waitForURL(`${base}/public/`);
    expect(await decisionNumbers()).toEqual(first);
  });

  it('search by party through the form, the withdrawn decision marked', async () => {
    await page.getByLabel('当事人').fill(PERSON.name);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/party=/);
    expect((await decisionNumbers()).sort()).toEqual([fixture.withdrawnPenalty.number, fixture.personLicensing.number].sort());
    expect(await page.getByLabel('当事人').inputValue()).toBe(PERSON.name);
    const withdrawnRow = page.locator('tbody tr', { hasText: fixture.withdrawnPenalty.number });
    expect(await withdrawnRow.getByText('已撤销').isVisible()).toBe(true);
    await seen();

    await page.getByLabel('决定类别').selectOption('penalty');
    await page.getByLabel('决定日期（起）').fill('2026-03-03');
    await page.getByLabel('决定日期（止）').fill('2026-03-03');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/kind=penalty/);
    expect(await decisionNumbers()).toEqual([fixture.withdrawnPenalty.number]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('行政处罚决定公示');
    await seen();
  });

  it('show the withdrawn decision with its withdrawal, and print it without navigation or form', async () => {
    await page.getByRole('link', { name: fixture.withdrawnPenalty.number }).click();
    await page.waitForURL(`${base}/public/decisions/${fixture.withdrawnPenalty.id}`);
    expect(await page.getByRole('heading', { level: 2, name: '已撤销' }).isVisible()).toBe(true);
    const text = await page.locator('main').innerText();
    expect(text).toContain(`撤销理由：${fixture.withdrawnPenalty.reason}`);
    expect(text).toContain('2026-03-06');
    expect(await page.getByRole('rowheader', { name: '当事人名称' }).count()).toBe(1);
    await seen();

    const screenshot = join(SCREENSHOTS, 'withdrawn-decision.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await stat(screenshot)).size).toBeGreaterThan(1000);

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: '公示栏目' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 2, name: '已撤销' }).isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });

  it('show a company’s decision as in force', async () => {
    await page.goto(`${base}/public/decisions/${fixture.companyPenalty.id}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain(COMPANY.name);
    expect(text).not.toContain('已撤销');
    await seen();
  });

  it('open the monthly bulletins from the navigation, and one bulletin', async () => {
    await page.getByRole('link', { name: '月度公示通报' }).click();
    await page.waitForURL(`${base}/public/bulletins`);
    await seen();
    await page.getByRole('link', { name: '2026年3月' }).click();
    await page.waitForURL(`${base}/public/bulletins/2026-03`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('2026年3月月度公示通报');
    const parties = await page.locator('tbody tr td:nth-child(4)').allInnerTexts();
    expect(parties).toEqual(expect.arrayContaining([COMPANY.name, '个人']));
    await seen();
    const screenshot = join(SCREENSHOTS, 'bulletin.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect((await stat(screenshot)).size).toBeGreaterThan(1000);
  });

  it('answer a bad search with a 400 page and an unknown decision with a 404 page', async () => {
    const before = consoleErrors.length;
    const bad = await page.goto(`${base}/public/?from=2026-02-30`);
    expect(bad?.status()).toBe(400);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('查询条件有误');
    const missing = await page.goto(`${base}/public/decisions/00000000-0000-4000-8000-000000000000`);
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('未找到');
    // The browser reports each error status it was answered with, and nothing else.
    expect(consoleErrors.splice(before)).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      'Failed to load resource: the server responded with a status of 404 (Not Found)',
    ]);
  });

  it('showed no natural person’s ID number, phone or address, logged no error and asked no other host', async () => {
    expect(visited.length).toBeGreaterThanOrEqual(8);
    for (const { url, text, html } of visited) {
      for (const form of PERSONAL_FORMS) {
        expect({ url, inText: text.includes(form), inHtml: html.includes(form) }).toEqual({ url, inText: false, inHtml: false });
      }
    }
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
