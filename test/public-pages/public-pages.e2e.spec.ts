import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { CheckpointService } from '../../src/eventstore/ledger/checkpoints.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { COMPANY, DAZU, type Staff, setUpAgency } from '../support/cases.js';
import { HOSTILE_NAME, PERSON, PERSONAL_FORMS, type PublishedFixture, publishDecisions } from './fixtures.js';

let t: TestApp;
let staff: Staff;
let fixture: PublishedFixture;
const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));

beforeAll(async () => {
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
  fixture = await publishDecisions(t, staff, clock);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const page = (path: string, status = 200): Promise<Response> => t.http().get(path).expect(status);
const rows = (body: string): string[] => [...body.matchAll(/<tr>\n<td><a href="\/public\/decisions\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1] ?? '');
const visibleText = (body: string): string => body.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');

describe('the public pages', () => {
  it('serve HTML in Chinese with a strict policy that allows exactly the inline stylesheet, and nothing from elsewhere', async () => {
    const response = await page('/public/');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const csp = response.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(response.text)?.[1] ?? '';
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);

    const body = response.text;
    expect(body.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(body).not.toMatch(/<script|<iframe|<img|<link rel="stylesheet"|@import|url\(|https?:\/\//);
    for (const [, href] of body.matchAll(/(?:href|action)="([^"]*)"/g)) expect(href).toMatch(/^(\/public\/|#main$|data:,$)/);
  });

  it('have landmarks, one h1 and headings in order, a label for every field, and scoped table headers', async () => {
    for (const path of ['/public/', `/public/decisions/${fixture.withdrawnPenalty.id}`, '/public/bulletins', '/public/bulletins/2026-03']) {
      const body = (await page(path)).text;
      for (const landmark of ['<header>', '<nav aria-label="公示栏目">', '<main id="main">', '<footer>']) expect(body).toContain(landmark);
      const levels = [...body.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
      expect(levels[0]).toBe(1);
      expect(levels.filter((level) => level === 1)).toHaveLength(1);
      levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1));
      for (const [tag] of body.matchAll(/<th[\s>][^>]*/g)) expect(tag).toMatch(/scope="(col|row)"/);
      for (const [, id] of body.matchAll(/<(?:input|select)[^>]*\sid="([^"]+)"/g)) expect(body).toContain(`<label for="${id}">`);
      expect(body.match(/<(?:input|select)[\s>]/g)?.length ?? 0).toBe(body.match(/<label for=/g)?.length ?? 0);
    }
  });

  it('list penalty and licensing decisions, newest publication first, withdrawn ones marked', async () => {
    const body = (await page('/public/')).text;
    expect(body).toContain('<h1>行政执法决定公示</h1>');
    expect(body).toContain(`共 ${fixture.total} 条`);
    const numbers = rows(body);
    expect(numbers).toHaveLength(20);
    // Published on 03-06 (the companies' licences), then 03-05, then 03-04.
    expect(numbers.indexOf(fixture.personLicensing.number)).toBe(19);
    expect(body).not.toContain('已撤销</span>');

    const penalties = (await page('/public/?kind=penalty')).text;
    expect(penalties).toContain('<h1>行政处罚决定公示</h1>');
    expect(rows(penalties).sort()).toEqual([fixture.companyPenalty.number, fixture.withdrawnPenalty.number].sort());
    const rowOf = (number: string) => penalties.slice(penalties.indexOf(number), penalties.indexOf('</tr>', penalties.indexOf(number)));
    expect(rowOf(fixture.withdrawnPenalty.number)).toContain('<span class="withdrawn">已撤销</span>');
    expect(rowOf(fixture.companyPenalty.number)).toContain('公示中');
    expect(penalties).toContain('<a href="/public/?kind=penalty" aria-current="page">');
    expect(rows((await page('/public/?kind=licensing')).text)).toHaveLength(20);
  });

  it('page through the list without repeating or skipping a decision, keeping the search', async () => {
    const first = (await page('/public/')).text;
    expect(first).toContain('<a href="/public/?page=2" rel="next">下一页</a>');
    expect(first).toContain('第 1 页，共 2 页');
    const second = (await page('/public/?page=2')).text;
    expect(second).toContain('<a href="/public/" rel="prev">上一页</a>');
    const all = [...rows(first), ...rows(second)];
    expect(all).toHaveLength(fixture.total);
    expect(new Set(all).size).toBe(fixture.total);
    expect(rows((await page('/public/?page=2')).text)).toEqual(rows(second));

    const past = (await page('/public/?page=9')).text;
    expect(past).toContain('本页没有记录');
    expect(past).toContain(`共 ${fixture.total} 条`);

    // 某 is in every name but the one made of markup.
    const searched = (await page('/public/?party=%E6%9F%90&from=2026-03-02')).text;
    expect(searched).toContain(`共 ${fixture.total - 1} 条`);
    expect(searched).toContain('<a href="/public/?party=%E6%9F%90&amp;from=2026-03-02&amp;page=2" rel="next">下一页</a>');
  });

  it('search by party name, as a part of it, and by decision date', async () => {
    const person = (await page(`/public/?party=${encodeURIComponent(PERSON.name)}`)).text;
    expect(rows(person).sort()).toEqual([fixture.withdrawnPenalty.number, fixture.personLicensing.number].sort());
    expect(person).toContain(`value="${PERSON.name}"`);
    expect(rows((await page(`/public/?party=${encodeURIComponent('机械制造')}`)).text)).toEqual([fixture.companyPenalty.number]);
    // LIKE's wildcards are literal text in a search.
    expect((await page('/public/?party=%25')).text).toContain('没有符合条件的公示决定');
    expect((await page('/public/?party=_')).text).toContain('共 0 条');

    const onTheFourth = (await page('/public/?from=2026-03-04&to=2026-03-04')).text;
    expect(onTheFourth).toContain('共 10 条');
    expect(onTheFourth).toContain('value="2026-03-04"');
    expect((await page('/public/?from=2026-03-02&to=2026-03-03')).text).toContain('共 3 条');
    // The empty fields of a submitted form.
    expect((await page('/public/?kind=&party=&from=&to=')).text).toContain(`共 ${fixture.total} 条`);
  });

  it('show a decision in full, from its redacted record, and say clearly when it was withdrawn and why', async () => {
    const withdrawn = (await page(`/public/decisions/${fixture.withdrawnPenalty.id}`)).text;
    expect(withdrawn).toContain(`<h1>行政处罚决定公示：${fixture.withdrawnPenalty.number}</h1>`);
    expect(withdrawn).toContain('<h2 id="withdrawal">已撤销</h2>');
    expect(withdrawn).toContain('其公示已于 2026-03-06 撤回');
    expect(withdrawn).toContain(`撤销理由：${fixture.withdrawnPenalty.reason}`);
    expect(withdrawn).toContain('[已隐去]');
    expect(withdrawn).toContain('<td>自然人</td>');

    const company = (await page(`/public/decisions/${fixture.companyPenalty.id}`)).text;
    expect(company).not.toContain('已撤销');
    for (const text of [COMPANY.name, COMPANY.creditCode, COMPANY.legalRepresentative, '罚款人民币200元', '0.0200', DAZU.name, DAZU.creditCode, '2026-03-02', '2027-03-02', '公示中']) {
      expect(company).toContain(text);
    }
    const licence = (await page(`/public/decisions/${fixture.personLicensing.id}`)).text;
    expect(licence).toContain(`<h1>行政许可决定公示：${fixture.personLicensing.number}</h1>`);
    expect(licence).toContain('准予行政许可');
  });

  it('escape every value: a name made of markup shows as text', async () => {
    const body = (await page('/public/?party=%E7%B2%97%E4%BD%93')).text;
    expect(body).toContain('重庆&quot;&lt;b id=&#39;x&#39;&gt;粗体&lt;/b&gt;&quot;&amp;amp;燃气有限公司');
    expect(body).not.toContain(HOSTILE_NAME);
    expect(body).not.toContain("<b id='x'>");
  });

  it('never show a natural person’s ID number, phone or address, on any page', async () => {
    const paths = [
      '/public/',
      '/public/?page=2',
      `/public/?party=${encodeURIComponent(PERSON.name)}`,
      `/public/decisions/${fixture.withdrawnPenalty.id}`,
      `/public/decisions/${fixture.personLicensing.id}`,
      '/public/bulletins',
      '/public/bulletins/2026-03',
    ];
    for (const path of paths) {
      const body = (await page(path)).text;
      for (const form of PERSONAL_FORMS) expect({ path, found: body.includes(form) }).toEqual({ path, found: false });
    }
  });

  it('list the monthly bulletins and show one, naming organizations but no natural person', async () => {
    const list = (await page('/public/bulletins')).text;
    expect(list).toContain('<h1>月度公示通报</h1>');
    expect(list).toContain('<a href="/public/bulletins/2026-03">2026年3月</a>');
    const bulletin = await page('/public/bulletins/2026-03');
    expect(bulletin.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = visibleText(bulletin.text);
    expect(text).toContain('2026年3月月度公示通报');
    expect(text).toContain('发布日期：2026-04-01');
    expect(text).toContain(COMPANY.name);
    expect(text).toContain('个人');
    expect(text).toContain('重庆市大足区应急管理局');
    expect(text).toContain('执法检查');
    expect(text).not.toContain(PERSON.name);
  });

  it('answer bad query parameters with a 400 page that names each field, never a stack', async () => {
    const cases: [string, string][] = [
      ['/public/?from=2026-02-30', '决定日期（起）：须为有效日期'],
      ['/public/?from=2026-03-05&to=2026-03-01', '决定日期（止）：不能早于决定日期（起）'],
      ['/public/?page=0', '页码：须为 1 至 100000 之间的整数'],
      ['/public/?page=abc', '页码'],
      ['/public/?kind=other', '决定类别：须为行政处罚或行政许可'],
      ['/public/?party=a&party=b', '当事人：只能填写一次'],
      [`/public/?party=${'某'.repeat(101)}`, '当事人：不超过 100 个字'],
      ['/public/bulletins?page=-1', '页码'],
      ['/public/bulletins/2026-13', '月份：须为 YYYY-MM 格式的月份'],
      ['/public/bulletins/2026-03?page=x', '页码'],
    ];
    for (const [path, message] of cases) {
      const response = await page(path, 400);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.text).toContain('<h1>查询条件有误</h1>');
      expect(response.text).toContain(message);
      expect(response.text).not.toMatch(/Error\b|\bat \w+ \(|problem\+json/);
    }
  });

  it('answer an unknown, unpublished or mistyped decision, bulletin or page with a 404 page', async () => {
    const recorded = await t
      .http()
      .post('/api/licensing-decisions')
      .auth(staff.officerA.token, { type: 'bearer' })
      .send({ occurredAt: '2026-03-06T10:00:00+08:00', party: COMPANY, licence: '安全生产许可证', outcome: 'granted', decisionNumber: '渝大足应急许〔2026〕99号' })
      .expect(201);
    await t.settle();
    for (const path of [
      `/public/decisions/${randomUUID()}`,
      `/public/decisions/${recorded.body.licensingId as string}`,
      '/public/decisions/not-an-id',
      '/public/bulletins/2026-02',
    ]) {
      const response = await page(path, 404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.text).toContain('<h1>未找到</h1>');
    }
  });

  it('read a page in a fixed number of queries, however many rows it shows', async () => {
    const db = t.app.get(DataSource);
    // The checkpoint signer's tick queries on its own clock; it is no part of a page's cost.
    const checkpoints = t.app.get(CheckpointService);
    const counted = async (path: string): Promise<number> => {
      await checkpoints.stop();
      const spy = jest.spyOn(db, 'query');
      try {
        await page(path);
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
        checkpoints.start();
      }
    };
    // A page of decisions and their count.
    expect(await counted('/public/')).toBe(2);
    expect(await counted('/public/?kind=licensing&party=%E7%87%83%E6%B0%94&from=2026-03-01&to=2026-03-31&page=1')).toBe(2);
    expect(await counted(`/public/decisions/${fixture.companyPenalty.id}`)).toBe(1);
    expect(await counted('/public/bulletins')).toBe(1);
    // The bulletin's summary and a page of its entries.
    expect(await counted('/public/bulletins/2026-03')).toBe(2);
  });

  it('leave the API where it was: JSON under /api, problems as JSON', async () => {
    const feed = await page('/api/public/penalties');
    expect(feed.body.total).toBe(2);
    const problem = await page('/api/no-such-route', 404);
    expect(problem.headers['content-type']).toContain('application/problem+json');
    await page('/api/public/bulletins/2026-03');
  });
});
