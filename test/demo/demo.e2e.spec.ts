import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { twelveMonthsTo } from '../../src/demo/plan.js';
import { type DemoResult, runDemo } from '../../src/demo/runner.js';
import { plusDays } from '../../src/demo/timeline.js';
import { shanghaiDate } from '../../src/shared/domain/calendar-date.js';
import { TEST_JWT_SECRET, type TestApp, startTestApp } from '../support/app.js';

let t: TestApp;
let baseUrl: string;
let first: DemoResult;
// The demo's default period: the twelve months ending yesterday, whose decisions are all still on the public pages.
const period = twelveMonthsTo(plusDays(shanghaiDate(new Date()), -1));
const options = () => ({ baseUrl, jwtSecret: TEST_JWT_SECRET, seed: 11, cases: 60, period, progress: false as const });

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  first = await runDemo(options());
  await t.settle();
}, 300_000);
afterAll(async () => {
  await t.close();
});

const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });
const statistics = async (token: string) =>
  (await get(token, `/api/reports/statistics?from=${period.from}&to=${period.to}`).expect(200)).body as {
    figures: Record<string, number>;
    byAgency: Record<string, { figures: Record<string, number> }>;
  };

describe('npm run demo', () => {
  it('records twelve months of two agencies through the API, as the plan predicts', async () => {
    expect(first).toMatchObject({ recorded: true, existingCases: 0, failedCases: [] });
    expect(first.requests).toBeGreaterThan(60 * 4);
    const district = first.tokens.district?.token ?? '';
    const { figures, byAgency } = await statistics(district);
    expect(Object.keys(byAgency)).toEqual(['dazu-emb', 'dazu-traffic']);
    for (const figure of [
      'inspections',
      'hazards',
      'hazardsMajor',
      'partiesPenalized',
      'finesFen',
      'legalReviewsSubmitted',
      'legalReviewsApproved',
      'legalReviewsReturned',
      'publicationsOnTime',
      'publicationsLate',
      'publicationsOverdue',
      'noPenaltyAfterRectification',
      'lighterOrMitigated',
      'detentions',
    ]) {
      expect([figure, figures[figure]]).toEqual([figure, expect.any(Number)]);
      expect([figure, figures[figure]]).not.toEqual([figure, 0]);
    }
    expect(figures).toMatchObject(first.plan.expected);
    const link = Object.entries(first.links).find(([title]) => title.startsWith('Statistics'));
    expect(link).toEqual([`Statistics ${period.from}..${period.to}`, `${baseUrl}/api/reports/statistics?from=${period.from}&to=${period.to}`]);
  });

  it('prints working tokens for every role', async () => {
    const { officer, head, reviewer, auditor, admin } = first.tokens;
    const cases = await get(officer?.token ?? '', '/api/cases?pageSize=1').expect(200);
    expect(cases.body.total).toBeGreaterThan(0);
    await get(head?.token ?? '', `/api/publications/compliance?year=${period.to.slice(0, 4)}`).expect(200);
    await get(reviewer?.token ?? '', '/api/reviews').expect(200);
    await get(auditor?.token ?? '', `/api/publications/compliance?year=${period.to.slice(0, 4)}`).expect(200);
    await get(admin?.token ?? '', '/api/officers').expect(200);
    expect(first.links['Public pages']).toBe(`${baseUrl}/public/`);
  });

  it('lists the published decisions, redacted, in the public feed', async () => {
    const feed = await t.http().get(`/api/public/penalties?from=${period.from}&to=${period.to}&pageSize=100`).expect(200);
    const expected = first.plan.expected;
    expect(feed.body.total).toBe(expected.publicationsOnTime + expected.publicationsLate);
    const ids = first.plan.cases.flatMap((c) =>
      c.requests.flatMap((r) => {
        const party = (r.body as { party?: { idNumber?: string } }).party;
        return party?.idNumber ? [party.idNumber] : [];
      }),
    );
    const text = JSON.stringify(feed.body.items);
    expect(feed.body.items[0]).toMatchObject({ decisionNumber: expect.stringMatching(/〔\d{4}〕\d+号$/), withdrawn: false });
    for (const id of ids) expect(text).not.toContain(id);
    // Every one is still within its year on the public pages, and the index page lists them.
    const items = feed.body.items as { decisionNumber: string; publicUntil: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect([item.decisionNumber, item.publicUntil >= shanghaiDate(new Date())]).toEqual([item.decisionNumber, true]);
    const page = await t.http().get('/public/').expect(200);
    expect(page.text).toContain(items[0]?.decisionNumber ?? 'a decision number');
  });

  it('records nothing the second time, and a resumed run replays what is there', async () => {
    const before = await statistics(first.tokens.district?.token ?? '');
    const again = await runDemo(options());
    expect(again).toMatchObject({ recorded: false, existingCases: 60, requests: 0 });
    expect(Object.keys(again.tokens).sort()).toEqual(Object.keys(first.tokens).sort());
    await get(again.tokens.officer?.token ?? '', '/api/cases?pageSize=1').expect(200);

    const resumed = await runDemo({ ...options(), resume: true });
    expect(resumed).toMatchObject({ recorded: true, failedCases: [] });
    expect(resumed.replayed).toBe(resumed.requests - 2);
    await t.settle();
    expect((await statistics(first.tokens.district?.token ?? '')).figures).toEqual(before.figures);
  }, 300_000);
});
