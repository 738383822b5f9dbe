import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeadlineQueue } from '../../src/deadlines/deadline-queue.js';
import { MonthlyBulletins } from '../../src/publication/bulletins.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { type Staff, fineOnTheSpot, setUpAgency } from '../support/cases.js';
import { passTime } from '../support/deadlines.js';
import { eventually } from '../support/eventually.js';

const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';
const ADDRESS = '重庆市大足区龙岗街道幸福路8号';
const PERSON = { kind: 'person', name: '李某', idNumber: ID_NUMBER, phone: PHONE, address: ADDRESS };
/** A minor on the day of the decision (born 2010-05-01). */
const MINOR = { kind: 'person', name: '小王', idNumber: '500225201005010011' };

let t: TestApp;
let staff: Staff;
// Decisions of 2026-03-02: published by 03-11 (7 working days), the escalation on 03-12.
const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));

beforeAll(async () => {
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
});
afterAll(async () => {
  await t.close();
});

const post = (token: string, path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });

/** A person fined on the spot; the violation's text carries the person's phone, ID number and address. */
async function finedOnTheSpot(party: object, decisionNumber: string): Promise<string> {
  const caseId = await fineOnTheSpot(t, staff, {
    party,
    violations: [
      {
        description: `当事人（身份证号 ${ID_NUMBER.slice(0, 6)} ${ID_NUMBER.slice(6)}，电话１３８-１２３４-５６７８，住${ADDRESS}）在经营场所违规存放易燃物品`,
        legalBasis: '《重庆市安全生产条例》',
      },
    ],
    decisionNumber,
  });
  await t.settle();
  return caseId;
}

describe('publication of penalty decisions', () => {
  it('prepares a redacted record due in 7 working days, with its deadline jobs, and publishes it on time', async () => {
    const caseId = await finedOnTheSpot(PERSON, '大足应急简罚〔2026〕21号');
    const pending = await get(staff.officerA.token, '/api/publications?status=pending').expect(200);
    const publication = pending.body.items.find((p: { publicationId: string }) => p.publicationId === caseId);
    expect(publication).toMatchObject({
      status: 'pending',
      decisionDate: '2026-03-02',
      dueDate: '2026-03-11',
      record: {
        partyName: '李某',
        partyKind: 'person',
        decisionNumber: '大足应急简罚〔2026〕21号',
        penalties: [{ type: 'fine', content: '罚款人民币100元' }],
        finesWanYuan: '0.0100',
        agencyName: '重庆市大足区应急管理局',
      },
    });
    const queue = t.app.get(DeadlineQueue).queue;
    expect(await (await queue.getJob(`publish.${caseId}.overdue`))?.getState()).toBe('delayed');

    clock.set('2026-03-05T10:00:00+08:00');
    await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: '2026-03-05T09:00:00+08:00' }).expect(201);
    await t.settle();
    expect(await queue.getJob(`publish.${caseId}.overdue`)).toBeUndefined();
    const feed = await t.http().get('/api/public/penalties?party=李').expect(200);
    expect(feed.body.items.find((r: { decisionNumber: string }) => r.decisionNumber === '大足应急简罚〔2026〕21号')).toMatchObject({
      publishedOn: '2026-03-05',
      withdrawn: false,
    });
  });

  it('withdraws a published record within 3 working days of the revocation, and the feed says why', async () => {
    clock.set('2026-03-02T12:00:00+08:00');
    const caseId = await finedOnTheSpot(PERSON, '大足应急简罚〔2026〕22号');
    await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(201);
    const early = await post(staff.officerA.token, `/api/publications/${caseId}/withdraw`, { occurredAt: '2026-03-02T11:30:00+08:00' }).expect(409);
    expect(early.body.code).toBe('NO_WITHDRAWAL_REQUIRED');
    await post(staff.head.token, `/api/cases/${caseId}/decision-revocations`, { occurredAt: '2026-03-02T11:40:00+08:00', reason: '经复核，事实认定有误' }).expect(201);
    await t.settle();
    const required = await get(staff.officerA.token, '/api/publications?status=withdrawal_required').expect(200);
    expect(required.body.items.find((p: { publicationId: string }) => p.publicationId === caseId)).toMatchObject({ withdrawalDue: '2026-03-05' });
    await post(staff.officerA.token, `/api/publications/${caseId}/withdraw`, { occurredAt: '2026-03-02T11:50:00+08:00' }).expect(201);
    await t.settle();
    const feed = await t.http().get('/api/public/penalties?from=2026-03-02&to=2026-03-02').expect(200);
    expect(feed.body.items.find((r: { decisionNumber: string }) => r.decisionNumber === '大足应急简罚〔2026〕22号')).toMatchObject({
      withdrawn: true,
      withdrawalReason: '经复核，事实认定有误',
    });
  });

  it('does not publish a decision on a minor', async () => {
    const caseId = await finedOnTheSpot(MINOR, '大足应急简罚〔2026〕23号');
    const withheld = await get(staff.officerA.token, '/api/publications?status=withheld').expect(200);
    expect(withheld.body.items.map((p: { publicationId: string }) => p.publicationId)).toContain(caseId);
    const publish = await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(409);
    expect(publish.body.code).toBe('PUBLICATION_WITHHELD');
  });

  it('raises the reminder, the alarm and the escalation for a record left unpublished', async () => {
    clock.set('2026-03-02T12:00:00+08:00');
    const caseId = await finedOnTheSpot(PERSON, '大足应急简罚〔2026〕24号');
    // Time passes beyond the escalation of 03-12 with the record still unpublished.
    expect(await passTime(t, clock, '2026-03-12T10:00:00+08:00', `publish.${caseId}`)).toHaveLength(3);
    // The head is an officer too and sees the officer's alerts again: wait for three stages, not three entries.
    const stages = await eventually(
      async () => {
        await t.settle();
        const officer = (await get(staff.officerA.token, '/api/alerts').expect(200)).body.items as { deadlineId: string; stage: string }[];
        const head = (await get(staff.head.token, '/api/alerts').expect(200)).body.items as { deadlineId: string; stage: string }[];
        return [...officer, ...head].filter((a) => a.deadlineId === `publish.${caseId}`).map((a) => a.stage);
      },
      (seen) => new Set(seen).size >= 3,
      { intervalMs: 100, what: 'three alert stages' },
    );
    expect([...new Set(stages)].sort()).toEqual(['due', 'overdue', 'reminder']);
    const compliance = await get(staff.head.token, '/api/publications/compliance?year=2026').expect(200);
    expect(compliance.body.items).toEqual([expect.objectContaining({ agencyId: 'dazu-emb', month: '2026-03', onTime: 2, overdue: 1 })]);
  });

  it('publishes licensing decisions too, and refuses a licensing number used twice', async () => {
    clock.set('2026-03-02T12:00:00+08:00');
    const body = {
      occurredAt: '2026-03-02T10:00:00+08:00',
      party: PERSON,
      licence: `烟花爆竹经营（零售）许可证，联系电话${PHONE}`,
      outcome: 'granted',
      decisionNumber: '渝大足应急许〔2026〕15号',
    };
    const recorded = await post(staff.officerA.token, '/api/licensing-decisions', body).expect(201);
    const licensingId = recorded.body.licensingId as string;
    const again = await post(staff.officerA.token, '/api/licensing-decisions', body).expect(409);
    expect(again.body.code).toBe('DECISION_NUMBER_TAKEN');
    await t.settle();
    const pending = await get(staff.officerA.token, '/api/publications?status=pending').expect(200);
    expect(pending.body.items.find((p: { publicationId: string }) => p.publicationId === licensingId)).toMatchObject({
      source: 'licensing',
      dueDate: '2026-03-11',
      record: { partyName: '李某', outcome: '准予行政许可', decisionNumber: '渝大足应急许〔2026〕15号' },
    });
    await post(staff.officerA.token, `/api/publications/${licensingId}/publish`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(201);
    await t.settle();
    const feed = await t.http().get('/api/public/licensing').expect(200);
    expect(feed.body.items.map((r: { decisionNumber: string }) => r.decisionNumber)).toContain('渝大足应急许〔2026〕15号');
  });

  it('publishes the monthly bulletin once, on a job scheduler set for the 1st of each month', async () => {
    const bulletins = t.app.get(MonthlyBulletins);
    const scheduler = await bulletins.queue.getJobScheduler('monthly-bulletin');
    expect(scheduler).toMatchObject({ pattern: '0 0 1 * *', tz: 'Asia/Shanghai' });
    await t.settle();
    clock.set('2026-04-01T00:00:05+08:00');
    // The job runs twice (a retry, a second instance): the bulletin is published once.
    await bulletins.queue.add('monthly-bulletin', {});
    await bulletins.queue.add('monthly-bulletin', {});
    const bulletin = await eventually(
      () => t.http().get('/api/public/bulletins/2026-03'),
      (response) => response.status !== 404,
      { timeoutMs: 10_000, what: 'the March bulletin' },
    );
    expect(bulletin.status).toBe(200);
    expect(bulletin.body.items.length).toBeGreaterThanOrEqual(4);
    expect(bulletin.body.items[0]).toMatchObject({ openedOn: '2026-03-02', kind: 'inspection', party: '个人', agencyId: 'dazu-emb' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await bulletins.publish('2026-03')).toBe(false);
    const [row] = await t.app
      .get((await import('typeorm')).DataSource)
      .query<{ count: number }[]>(`SELECT count(*)::int AS count FROM events WHERE stream_id = 'bulletin-2026-03'`);
    expect(row?.count).toBe(1);
    await t.http().get('/api/public/bulletins/2026-02').expect(404);
    await t.http().get('/api/public/bulletins/2026-13').expect(400);
  });

  it('never shows a natural person’s ID number, phone or address in any public response', async () => {
    const responses = [
      await t.http().get('/api/public/bulletins/2026-03').expect(200),
      await t.http().get('/api/public/licensing').expect(200),
      await t.http().get('/api/public/penalties').expect(200),
      await t.http().get('/api/public/penalties?pageSize=100').expect(200),
      await t.http().get('/api/public/penalties?party=李某').expect(200),
    ];
    const forms = [ID_NUMBER, ID_NUMBER.slice(6, 14), PHONE, '138-1234-5678', '１３８', ADDRESS, '幸福路8号'];
    for (const response of responses) {
      const text = JSON.stringify(response.body);
      expect(response.body.items.length).toBeGreaterThan(0);
      for (const form of forms) expect(text).not.toContain(form);
    }
  });
});
