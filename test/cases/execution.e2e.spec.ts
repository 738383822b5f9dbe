import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, startTestApp } from '../support/app.js';
import { caseSteps } from '../support/case-steps.js';
import { type Staff, setUpAgency } from '../support/cases.js';

// The execution of a decision: the surcharge and its pauses, the reminder, the application for court enforcement.
let t: TestApp;
let staff: Staff;

beforeAll(async () => {
  t = await startTestApp();
  staff = await setUpAgency(t, { certifiedFrom: '2018-01-01' });
});
afterAll(async () => {
  await t.close();
});

const { at, noticedCase, reviewed, decideAndDeliver } = caseSteps(() => t, () => staff);
const post = (token: string, path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });
const FINE = [{ type: 'fine', amountFen: 1_000_000 }];
let numbers = 0;

/** A 10,000-yuan fine noticed the next day, reviewed, decided and delivered on `decidedOn`. */
async function deliveredCase(openedOn: string, noticedOn: string, reviewedOn: string, decidedOn: string): Promise<string> {
  const caseId = await noticedCase(openedOn, noticedOn, FINE);
  await reviewed(caseId, reviewedOn, FINE);
  numbers += 1;
  await decideAndDeliver(caseId, decidedOn, `大足应急罚〔${decidedOn.slice(0, 4)}〕${100 + numbers}号`, FINE);
  return caseId;
}
/** A 2022 case (APL 2021): delivered on 03-09, payable until Thursday 03-24. */
const case2022 = () => deliveredCase('2022-03-01', '2022-03-02', '2022-03-08', '2022-03-09');

/** What the case says is due on `date`: the refusal of one fen more than is due names it. */
async function dueOn(caseId: string, date: string): Promise<number> {
  const refused = await post(staff.officerA.token, `/api/cases/${caseId}/payments`, { occurredAt: at(date, '08:00'), amountFen: 999_999_999 }).expect(409);
  expect(refused.body.code).toBe('PAYMENT_EXCEEDS_AMOUNT_DUE');
  return refused.body.dueFen as number;
}
const pay = (caseId: string, date: string, amountFen: number) =>
  post(staff.officerA.token, `/api/cases/${caseId}/payments`, { occurredAt: at(date, '09:00'), amountFen }).expect(201);

describe('a deferral or instalment plan (APL Art. 66)', () => {
  it('stops the surcharge while the plan is kept', async () => {
    const caseId = await case2022();
    expect((await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200)).body.deadlines.payment).toMatchObject({ date: '2022-03-24' });
    // Four days late on the day it is granted: 3% of the fine a day, included in what the plan covers.
    expect(await dueOn(caseId, '2022-03-28')).toBe(1_120_000);
    const plan = (instalments: object[]) =>
      post(staff.head.token, `/api/cases/${caseId}/payment-deferrals`, { occurredAt: at('2022-03-28'), kind: 'instalments', instalments, reason: '确有经济困难，分期缴纳' });
    expect((await plan([{ dueOn: '2022-04-15', amountFen: 560_000 }, { dueOn: '2022-04-29', amountFen: 500_000 }]).expect(409)).body).toMatchObject({
      code: 'INSTALMENTS_DO_NOT_COVER_DUE',
      dueFen: 1_120_000,
    });
    expect((await plan([{ dueOn: '2022-04-29', amountFen: 560_000 }, { dueOn: '2022-04-15', amountFen: 560_000 }]).expect(400)).body.code).toBe('INSTALMENTS_INVALID');
    expect((await post(staff.officerA.token, `/api/cases/${caseId}/payment-deferrals`, { occurredAt: at('2022-03-28'), kind: 'deferral', instalments: [{ dueOn: '2022-04-29', amountFen: 1_120_000 }], reason: 'x' }).expect(403)).body.code).toBeDefined();
    await plan([{ dueOn: '2022-04-15', amountFen: 560_000 }, { dueOn: '2022-04-29', amountFen: 560_000 }]).expect(201);

    expect(await dueOn(caseId, '2022-04-14')).toBe(1_120_000);
    await pay(caseId, '2022-04-15', 560_000);
    expect(await dueOn(caseId, '2022-04-29')).toBe(560_000);
    await pay(caseId, '2022-04-29', 560_000);
    await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: at('2022-04-29', '11:00') }).expect(201);
    const view = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(view.body).toMatchObject({
      status: 'closed',
      closure: { reason: 'executed' },
      deferral: { kind: 'instalments', grantedOn: '2022-03-28' },
      payment: { principalFen: 1_000_000, surchargeFen: 120_000, dueFen: 0 },
    });
  });

  it('charges the surcharge again from a missed instalment, for every day since the plan was granted not paused', async () => {
    const caseId = await case2022();
    await post(staff.head.token, `/api/cases/${caseId}/payment-deferrals`, {
      occurredAt: at('2022-03-28'),
      kind: 'instalments',
      instalments: [{ dueOn: '2022-04-15', amountFen: 560_000 }, { dueOn: '2022-04-29', amountFen: 560_000 }],
      reason: '分期缴纳',
    }).expect(201);
    await pay(caseId, '2022-04-15', 560_000);
    // Missed on 04-29: 4 days before the plan and 7 after the missed instalment (04-30 to 05-06) at 30,000 fen.
    expect(await dueOn(caseId, '2022-05-06')).toBe(1_000_000 + 11 * 30_000 - 560_000);
  });

  it('defers the whole amount to one later day', async () => {
    const caseId = await case2022();
    await post(staff.head.token, `/api/cases/${caseId}/payment-deferrals`, {
      occurredAt: at('2022-03-20'),
      kind: 'deferral',
      instalments: [{ dueOn: '2022-05-31', amountFen: 1_000_000 }],
      reason: '暂缓缴纳',
    }).expect(201);
    expect(await dueOn(caseId, '2022-05-31')).toBe(1_000_000);
    expect(await dueOn(caseId, '2022-06-02')).toBe(1_060_000);
  });
});

describe('a pending reconsideration or lawsuit', () => {
  it('stops the surcharge under the 2021 law (Art. 73 para 3)', async () => {
    const caseId = await case2022();
    await post(staff.officerA.token, `/api/cases/${caseId}/remedies`, { occurredAt: at('2022-03-26'), kind: 'reconsideration' }).expect(201);
    const twice = await post(staff.officerA.token, `/api/cases/${caseId}/remedies`, { occurredAt: at('2022-03-27'), kind: 'reconsideration' }).expect(409);
    expect(twice.body.code).toBe('REMEDY_PENDING');
    await post(staff.officerA.token, `/api/cases/${caseId}/remedy-outcomes`, {
      occurredAt: at('2022-04-08'),
      kind: 'reconsideration',
      outcome: 'upheld',
      reason: '复议机关决定维持',
    }).expect(201);
    // Late 03-25, paused 03-26 to 04-08, late again 04-09 to 04-12: 5 days.
    expect(await dueOn(caseId, '2022-04-12')).toBe(1_150_000);
  });

  it('does not stop it under the 2017 law, which had no such rule', async () => {
    // Statement period of 3 calendar days after 03-05; payable until Wednesday 03-27.
    const caseId = await deliveredCase('2019-03-04', '2019-03-05', '2019-03-11', '2019-03-12');
    await post(staff.officerA.token, `/api/cases/${caseId}/remedies`, { occurredAt: at('2019-03-29'), kind: 'reconsideration' }).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/remedy-outcomes`, {
      occurredAt: at('2019-04-11'),
      kind: 'reconsideration',
      outcome: 'upheld',
      reason: '维持',
    }).expect(201);
    // 03-28 to 04-15: 19 days late, none paused.
    expect(await dueOn(caseId, '2019-04-15')).toBe(1_000_000 + 19 * 30_000);
  });

  it('withdraws a published decision that the reconsideration changed, with the reason made public (Art. 48)', async () => {
    const caseId = await case2022();
    await t.settle();
    await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: at('2022-03-10') }).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/remedies`, { occurredAt: at('2022-03-20'), kind: 'reconsideration' }).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/remedy-outcomes`, {
      occurredAt: at('2022-04-20'),
      kind: 'reconsideration',
      outcome: 'changed',
      reason: '罚款数额变更为五千元',
    }).expect(201);
    await t.settle();
    const required = await get(staff.officerA.token, '/api/publications?status=withdrawal_required').expect(200);
    expect(required.body.items.find((p: { publicationId: string }) => p.publicationId === caseId)).toMatchObject({ withdrawalDue: '2022-04-24' }); // Sunday 04-24 was a make-up working day (调休)
    await post(staff.officerA.token, `/api/publications/${caseId}/withdraw`, { occurredAt: at('2022-04-21') }).expect(201);
    await t.settle();
    const feed = await t.http().get('/api/public/penalties?from=2022-03-09&to=2022-03-09').expect(200);
    expect(feed.body.items.find((r: { withdrawn: boolean }) => r.withdrawn)).toMatchObject({ withdrawalReason: '经行政复议决定变更：罚款数额变更为五千元' });
  });
});

describe('an unpaid decision', () => {
  it('is reminded (催告), referred to the court within the window of 行政强制法 Art. 53, and closed as referred', async () => {
    const caseId = await case2022();
    const remind = (date: string) => post(staff.officerA.token, `/api/cases/${caseId}/enforcement-reminders`, { occurredAt: at(date) });
    expect((await remind('2022-03-24').expect(409)).body).toMatchObject({ code: 'PAYMENT_NOT_YET_DUE', lastDay: '2022-03-24' });
    await remind('2022-04-01').expect(201);
    const apply = (date: string) =>
      post(staff.head.token, `/api/cases/${caseId}/court-enforcement`, { occurredAt: at(date), court: '重庆市大足区人民法院' });
    expect((await apply('2022-04-08').expect(409)).body).toMatchObject({ code: 'ENFORCEMENT_APPLICATION_TOO_EARLY', reason: 'reminder' });
    // The six months to sue run from the delivery (03-09) to 09-09; the application may follow within three months.
    expect((await apply('2022-08-01').expect(409)).body).toMatchObject({ code: 'ENFORCEMENT_APPLICATION_TOO_EARLY', reason: 'remedy_periods', until: '2022-09-09' });
    expect((await apply('2022-12-10').expect(409)).body).toMatchObject({ code: 'ENFORCEMENT_APPLICATION_PERIOD_EXPIRED', closed: '2022-12-09' });
    const notYet = await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: at('2022-09-12') }).expect(409);
    expect(notYet.body.code).toBe('NOT_READY_TO_CLOSE');
    await apply('2022-09-13').expect(201);
    await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: at('2022-09-14') }).expect(201);
    const view = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(view.body).toMatchObject({
      status: 'closed',
      closure: { reason: 'referred_for_enforcement' },
      enforcement: { reminderServedOn: '2022-04-01', appliedOn: '2022-09-13', court: '重庆市大足区人民法院' },
    });
    // What remains due is still shown: the fine and the surcharge, which reached the fine.
    expect(view.body.payment).toMatchObject({ principalFen: 1_000_000, surchargeFen: 1_000_000, dueFen: 2_000_000 });
  });
});

describe('the statistics', () => {
  it('count the reconsiderations and lawsuits filed in the period', async () => {
    await t.settle();
    const year = async (y: number) =>
      (await get(staff.head.token, `/api/reports/statistics?from=${y}-01-01&to=${y}-12-31`).expect(200)).body.figures as Record<string, number>;
    expect(await year(2022)).toMatchObject({ reconsiderations: 2, lawsuits: 0 });
    expect(await year(2019)).toMatchObject({ reconsiderations: 1, lawsuits: 0 });
  });
});
