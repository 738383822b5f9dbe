import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { normalizeForMatching } from '../../src/publication/domain/redaction.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { type Staff, fineOnTheSpot, setUpAgency } from '../support/cases.js';
import { passTime } from '../support/deadlines.js';
import { eventually } from '../support/eventually.js';

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

/** The operator of an individual business, recorded as the party's person and as its operator with a second address. */
const OPERATOR = {
  name: '李小明',
  idNumber: '500225198506202412',
  oldIdNumber: '500225850620241',
  phone: '13812345678',
  address: '重庆市大足区龙岗街道幸福路8号',
  secondAddress: '重庆市大足区棠香街道昌州大道100号3栋2单元501室',
  email: 'lixm1985@163.com',
};
const SHOP = { kind: 'person', name: '大足区幸福五金店', idNumber: OPERATOR.idNumber, phone: OPERATOR.phone, address: OPERATOR.address };
const WORKER = { role: 'worker', name: '王大力' };
const INJURED = { role: 'injured', name: '赵春华', phone: '13912345670' };

/** Every disguise the issue lists, in the violation's free text. */
const DISGUISED = [
  `经查，经营者李小明（身份证 500225 19850620 2412，旧身份证号${OPERATOR.oldIdNumber}）在幸福路8号门市内违规存放烟花爆竹`,
  `，联系电话(138)1234-5678，又称1\u200b3\u200b8\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8`,
  `，电子邮箱${OPERATOR.email}，另住昌州大道100号3栋2单元501室。`,
  `现场从业人员王大力未接受安全培训，赵春华（电话139 1234 5670）当日在店内搬运货物。`,
].join('');

/** What must not appear, compared with letters and digits only, in normal form. */
const SECRETS = [
  OPERATOR.name,
  '小明',
  OPERATOR.idNumber,
  OPERATOR.oldIdNumber,
  OPERATOR.phone,
  INJURED.phone,
  OPERATOR.email,
  '幸福路8号',
  '昌州大道100号',
  '2单元501室',
  WORKER.name,
  INJURED.name,
];
const squashed = (text: string): string => normalizeForMatching(text).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const surviving = (text: string): string[] => SECRETS.filter((secret) => squashed(text).includes(squashed(secret)));

async function decidedCase(party: object, persons: object[], description: string, decisionNumber: string): Promise<string> {
  const caseId = await fineOnTheSpot(t, staff, {
    party,
    persons,
    violations: [{ description, legalBasis: '《烟花爆竹安全管理条例》第三十六条' }],
    decisionNumber,
  });
  await t.settle();
  return caseId;
}

const publicationOf = async (id: string, status: string) =>
  ((await get(staff.officerA.token, `/api/publications?status=${status}`).expect(200)).body.items as { publicationId: string }[]).find(
    (p) => p.publicationId === id,
  );

describe('a decision against an individual business, its persons recorded', () => {
  it('is published with none of their data in the feed or the page, in any disguise', async () => {
    const caseId = await decidedCase(
      SHOP,
      [{ role: 'operator', name: OPERATOR.name, idNumber: OPERATOR.idNumber, phone: OPERATOR.phone, address: OPERATOR.secondAddress }, WORKER, INJURED],
      DISGUISED,
      '大足应急简罚〔2026〕51号',
    );
    expect(surviving(DISGUISED).sort()).toEqual([...SECRETS].sort());
    expect(await publicationOf(caseId, 'pending')).toBeDefined();
    await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(201);
    await t.settle();

    const feed = await t.http().get('/api/public/penalties?from=2026-03-02&to=2026-03-02&pageSize=100').expect(200);
    const item = (feed.body.items as { decisionNumber: string }[]).find((r) => r.decisionNumber === '大足应急简罚〔2026〕51号');
    expect(item).toMatchObject({ partyName: '大足区幸福五金店', publishedOn: '2026-03-02' });
    expect(surviving(JSON.stringify(item))).toEqual([]);
    const page = await t.http().get(`/public/decisions/${caseId}`).expect(200);
    expect(page.text).toContain('大足应急简罚〔2026〕51号');
    expect(surviving(page.text)).toEqual([]);
  });
});

describe('a record whose redaction has doubts', () => {
  let caseId: string;
  const NUMBER = '大足应急简罚〔2026〕52号';

  beforeAll(async () => {
    // The welder is named in the text but was never recorded: redaction masks him and doubts it.
    caseId = await decidedCase({ kind: 'organization', name: '重庆某烟花爆竹有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' }, [], '经查，电焊工周建国未持证进行动火作业。', NUMBER);
  });

  it('is held in redaction_review: not publishable, not public, listed for reviewers with its doubts and draft', async () => {
    const publish = await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(409);
    expect(publish.body.code).toBe('PUBLICATION_IN_REDACTION_REVIEW');
    expect(await publicationOf(caseId, 'pending')).toBeUndefined();

    await get(staff.officerA.token, '/api/publications/redaction-reviews').expect(403);
    const reviews = await get(staff.reviewer.token, '/api/publications/redaction-reviews').expect(200);
    const held = (reviews.body.items as { publicationId: string }[]).find((p) => p.publicationId === caseId);
    expect(held).toMatchObject({
      source: 'penalty',
      dueDate: '2026-03-11',
      overdue: false,
      doubts: [expect.objectContaining({ code: 'UNRECORDED_NAME' })],
      draft: { decisionNumber: NUMBER, violations: [expect.objectContaining({ description: expect.stringContaining('周某某') })] },
    });
    expect(JSON.stringify(held)).not.toContain('周建国');
    const outsider = await get(t.token({ sub: 'traffic-reviewer', agency: 'dazu-traffic', roles: ['reviewer'] }), '/api/publications/redaction-reviews').expect(200);
    expect(outsider.body.items).toEqual([]);
    const feed = await t.http().get('/api/public/penalties?from=2026-03-02&to=2026-03-02&pageSize=100').expect(200);
    expect((feed.body.items as { decisionNumber: string }[]).map((r) => r.decisionNumber)).not.toContain(NUMBER);
    await t.http().get(`/public/decisions/${caseId}`).expect(404);
  });

  it('keeps its publication deadline running: the reminder, the alarm and the escalation fire while it is held', async () => {
    expect(await passTime(t, clock, '2026-03-12T10:00:00+08:00', `publish.${caseId}`)).toHaveLength(3);
    const stages = await eventually(
      async () => {
        await t.settle();
        const officer = (await get(staff.officerA.token, '/api/alerts').expect(200)).body.items as { deadlineId: string; stage: string }[];
        const head = (await get(staff.head.token, '/api/alerts').expect(200)).body.items as { deadlineId: string; stage: string }[];
        return [...new Set([...officer, ...head].filter((a) => a.deadlineId === `publish.${caseId}`).map((a) => a.stage))].sort();
      },
      (found) => found.length === 3,
      { timeoutMs: 15_000, what: 'the three alerts of the held publication' },
    );
    expect(stages).toEqual(['due', 'overdue', 'reminder']);
    const statistics = await get(staff.head.token, '/api/reports/statistics?from=2026-03-01&to=2026-03-31').expect(200);
    // The business's decision of the first test was published on time; the held one counts as not yet published.
    expect(statistics.body.figures).toMatchObject({ publicationsOverdue: 1, publicationsOnTime: 1, publicationsLate: 0 });
    const listed = await get(staff.officerA.token, '/api/publications?status=redaction_review').expect(200);
    expect((listed.body.items as { publicationId: string }[]).find((p) => p.publicationId === caseId)).toMatchObject({ status: 'redaction_review', overdue: true });
    const overdue = await get(staff.officerA.token, '/api/publications?status=overdue').expect(200);
    expect((overdue.body.items as { publicationId: string }[]).map((p) => p.publicationId)).toEqual([caseId]);
    const compliance = await get(staff.head.token, '/api/publications/compliance?year=2026').expect(200);
    expect(compliance.body.items).toEqual([expect.objectContaining({ month: '2026-03', onTime: 1, late: 0, pending: 0, overdue: 1 })]);
  });

  it('is released only with text that redaction finds clean (409 otherwise), then published as corrected', async () => {
    const at = '2026-03-12T09:30:00+08:00';
    await post(staff.officerA.token, `/api/publications/${caseId}/redaction-release`, { occurredAt: at }).expect(403);
    const stillDoubted = await post(staff.reviewer.token, `/api/publications/${caseId}/redaction-release`, {
      occurredAt: at,
      corrections: [{ field: 'violations.0.description', text: '经查，电焊工周建国未持证进行动火作业。' }],
    }).expect(409);
    expect(stillDoubted.body).toMatchObject({ code: 'REDACTION_DOUBTS_REMAIN', field: 'violations.0.description' });
    const personal = await post(staff.reviewer.token, `/api/publications/${caseId}/redaction-release`, {
      occurredAt: at,
      corrections: [{ field: 'violations.0.description', text: '经查，一名电焊工未持证进行动火作业，其手机１３９-１２３４-５６７０。' }],
    }).expect(409);
    expect(personal.body.code).toBe('CORRECTION_HOLDS_PERSONAL_DATA');
    const notText = await post(staff.reviewer.token, `/api/publications/${caseId}/redaction-release`, {
      occurredAt: at,
      corrections: [{ field: 'creditCode', text: '91500111MA5U3XQ128' }],
    }).expect(400);
    expect(notText.body.code).toBe('RECORD_FIELD_NOT_CORRECTABLE');

    await post(staff.reviewer.token, `/api/publications/${caseId}/redaction-release`, {
      occurredAt: at,
      corrections: [{ field: 'violations.0.description', text: '经查，一名电焊工未持证进行动火作业。' }],
    }).expect(201);
    await t.settle();
    expect(await publicationOf(caseId, 'pending')).toMatchObject({ record: { violations: [expect.objectContaining({ description: '经查，一名电焊工未持证进行动火作业。' })] } });
    const again = await post(staff.reviewer.token, `/api/publications/${caseId}/redaction-release`, { occurredAt: at }).expect(409);
    expect(again.body.code).toBe('PUBLICATION_NOT_IN_REDACTION_REVIEW');

    await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: '2026-03-12T09:40:00+08:00' }).expect(201);
    await t.settle();
    const feed = await t.http().get('/api/public/penalties?from=2026-03-02&to=2026-03-02&pageSize=100').expect(200);
    expect((feed.body.items as { decisionNumber: string }[]).find((r) => r.decisionNumber === NUMBER)).toMatchObject({
      violations: [expect.objectContaining({ description: '经查，一名电焊工未持证进行动火作业。' })],
      publishedOn: '2026-03-12',
    });
    const statistics = await get(staff.head.token, '/api/reports/statistics?from=2026-03-01&to=2026-03-31').expect(200);
    expect(statistics.body.figures).toMatchObject({ publicationsOverdue: 0, publicationsOnTime: 1, publicationsLate: 1 });
  });

  it('is confirmed as drafted by an administrator too', async () => {
    clock.set('2026-03-02T12:00:00+08:00');
    const held = await decidedCase({ kind: 'organization', name: '重庆某化工有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' }, [], '经查，仓库保管员刘德华未按规定登记出入库。', '大足应急简罚〔2026〕53号');
    const admin = t.token({ sub: 'admin-emb', agency: 'dazu-emb', roles: ['admin'] });
    await post(admin, `/api/publications/${held}/redaction-release`, { occurredAt: '2026-03-02T11:30:00+08:00' }).expect(201);
    await t.settle();
    expect(await publicationOf(held, 'pending')).toMatchObject({ record: { violations: [expect.objectContaining({ description: expect.stringContaining('刘某某') })] } });
  });
});
