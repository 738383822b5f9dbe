import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, startTestApp } from '../support/app.js';
import { COMPANY, PERSON, type Staff, openCase, setUpAgency } from '../support/cases.js';
import { VIOLATION, caseSteps } from '../support/case-steps.js';

// Cases of the years before the 2021 Administrative Penalty Law, walked through the API under the law of their dates.
let t: TestApp;
let staff: Staff;

beforeAll(async () => {
  t = await startTestApp();
  staff = await setUpAgency(t, { certifiedFrom: '2018-01-01' });
});
afterAll(async () => {
  await t.close();
});

const post = (token: string, path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });
const eventTypes = async (caseId: string): Promise<string[]> =>
  ((await get(staff.officerA.token, `/api/cases/${caseId}/events`).expect(200)).body.items as { type: string }[]).map((e) => e.type);
const { at, noticedCase, reviewed, decideAndExecute } = caseSteps(() => t, () => staff);

describe('the rule sets', () => {
  it('are listed with their sources, the earliest date served and what an administrator must still verify', async () => {
    const response = await t.http().get('/api/rule-sets?date=2019-06-01').expect(200);
    expect(response.body.earliestDateServed).toBe('2018-01-01');
    expect(response.body.inForce).toBe('apl2017-sector2015-gbf118');
    const versions = (response.body.items as { version: string; effectiveFrom: string; effectiveUntil: string | null }[]).map((r) => [
      r.version,
      r.effectiveFrom,
      r.effectiveUntil,
    ]);
    expect(versions).toEqual([
      ['apl2017-sector2015', '2018-01-01', '2018-12-31'],
      ['apl2017-sector2015-gbf118', '2019-01-01', '2021-07-14'],
      ['apl2021-sector2015', '2021-07-15', '2023-02-28'],
      ['apl2021-chongqing2023', '2023-03-01', '2026-01-31'],
      ['apl2021-chongqing2023-emr18', '2026-02-01', null],
    ]);
    const old = response.body.items[0];
    expect(old).toMatchObject({
      simpleProcedureFineMaxFen: { person: 5_000, organization: 100_000 },
      hearingRequestPeriod: { days: 3, unit: 'calendar' },
      decisionPeriodDays: 30,
      publicationWorkingDays: null,
      verified: false,
    });
    // Every figure has exactly one source, and each source names its instrument.
    for (const rules of response.body.items as { sources: { figures: string[]; instrument: string; verified: boolean }[] }[]) {
      const figures = rules.sources.flatMap((s) => s.figures);
      expect(new Set(figures).size).toBe(figures.length);
      expect(figures).toEqual(expect.arrayContaining(['simpleProcedureFineMaxFen', 'hearingThresholdFen', 'decisionPeriodDays', 'surchargePerMille']));
      expect(rules.sources.every((s) => s.instrument.length > 0)).toBe(true);
    }
    expect(old.sources).toContainEqual(expect.objectContaining({ figures: ['simpleProcedureFineMaxFen'], article: '第三十三条', verified: true }));
    expect(old.sources).toContainEqual(expect.objectContaining({ figures: ['hearingThresholdFen'], verified: false }));
  });
});

describe('a date no rule set covers', () => {
  it('is refused with 422 RULE_SET_NOT_IN_FORCE naming the earliest date served, and nothing is recorded', async () => {
    const refused = await post(staff.officerA.token, '/api/cases', {
      occurredAt: at('2017-12-29', '09:00'),
      source: 'routine',
      party: COMPANY,
      officerIds: [staff.officerA.id, staff.officerB.id],
      location: '大足区龙岗街道某工业园3号厂房',
      summary: '日常检查',
    }).expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'RULE_SET_NOT_IN_FORCE', date: '2017-12-29', earliestDateServed: '2018-01-01' });
    expect(JSON.stringify(refused.body)).not.toMatch(/at .*\.ts/);

    const caseId = await openCase(t, staff, { occurredAt: at('2018-01-02', '09:00') });
    const step = await post(staff.officerA.token, `/api/cases/${caseId}/hazards`, {
      occurredAt: at('2017-12-31'),
      description: '消防通道堵塞',
      severity: 'general',
    }).expect(422);
    expect(step.body.code).toBe('RULE_SET_NOT_IN_FORCE');
    expect(await eventTypes(caseId)).toEqual(['CaseOpened']);
  });
});

describe('a 2019 case under the 2017 law', () => {
  it('counts the hearing request in calendar days: day 3 is in time, day 4 is not', async () => {
    const fine = [{ type: 'fine', amountFen: 60_000_00 }];
    const late = await noticedCase('2019-03-04', '2019-03-11', fine);
    const onTime = await noticedCase('2019-03-04', '2019-03-11', fine);
    const view = await get(staff.officerA.token, `/api/cases/${late}`).expect(200);
    // Notice on Monday 03-11: three calendar days end on Thursday 03-14, a working day, so nothing rolls forward.
    expect(view.body.deadlines).toMatchObject({ hearingRequest: { date: '2019-03-14' }, statement: { date: '2019-03-14' } });
    expect(view.body.notice).toMatchObject({ hearingEligible: true, ruleSetVersion: 'apl2017-sector2015-gbf118' });
    const dayFour = await post(staff.officerA.token, `/api/cases/${late}/hearing-requests`, { occurredAt: at('2019-03-15', '09:00') }).expect(409);
    expect(dayFour.body).toMatchObject({ code: 'HEARING_REQUEST_TOO_LATE', deadline: '2019-03-14' });
    await post(staff.officerA.token, `/api/cases/${onTime}/hearing-requests`, { occurredAt: at('2019-03-14', '17:00') }).expect(201);
  });

  it('is walked from filing to closure: hearing, collective discussion, legal review, decision within 30 days, payment', async () => {
    const fine = [{ type: 'fine', amountFen: 60_000_00 }];
    const caseId = await noticedCase('2019-03-04', '2019-03-11', fine);
    let view = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    // 办法2015 Art. 31: 30 days from the filing (2019-04-03).
    expect(view.body.deadlines.decision).toMatchObject({ date: '2019-04-03' });
    await post(staff.officerA.token, `/api/cases/${caseId}/hearing-requests`, { occurredAt: at('2019-03-12', '09:00') }).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/hearings`, {
      occurredAt: at('2019-03-20', '09:00'),
      chairOfficerId: staff.officerC.id,
      summary: '听证会公开举行',
    }).expect(201);
    await post(staff.head.token, `/api/cases/${caseId}/collective-discussions`, {
      occurredAt: at('2019-03-21', '09:00'),
      participantIds: [staff.head.id, staff.officerC.id],
      conclusion: '同意按拟处罚意见作出处罚决定',
    }).expect(201);
    const review = await reviewed(caseId, '2019-03-22', fine);
    expect(review.round).toBe(1);
    view = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(view.body.legalReview).toMatchObject({ status: 'approved', requiredBy: ['general_procedure', 'hearing_eligible'] });
    expect((await get(staff.reviewer.token, `/api/reviews/${review.reviewId}`).expect(200)).body.status).toBe('approved');

    await decideAndExecute(caseId, '2019-03-29', '大足应急罚〔2019〕3号', fine, 60_000_00);
    view = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(view.body).toMatchObject({
      status: 'closed',
      closure: { reason: 'executed' },
      decision: { ruleSetVersion: 'apl2017-sector2015-gbf118' },
      // 15 days after 03-29 is Saturday 04-13: the period ends on Monday 04-15.
      delivery: { paymentDue: { date: '2019-04-15' } },
    });
    await t.settle();
    const publications = await get(staff.head.token, '/api/publications?status=pending').expect(200);
    // 国办发〔2018〕118号 applies from 2019: 7 working days, Qingming (04-05) not counted.
    const publication = (publications.body.items as { publicationId: string }[]).find((p) => p.publicationId === caseId);
    expect(publication).toMatchObject({
      dueDate: '2019-04-10',
      // 处罚依据 is the provision the penalty was imposed under; the violated one stays with the violation.
      record: { penaltyBasis: '《安全生产法》（2014年修正）第九十四条', violations: [{ legalBasis: VIOLATION.legalBasis }] },
    });
  });

  it('is decided by the 30th day unless extended: a head to 90 days, the higher authority to 180, each once', async () => {
    const caseId = await noticedCase('2019-05-06', '2019-05-07', [{ type: 'fine', amountFen: 10_000_00 }]);
    const extend = (body: object) => post(staff.head.token, `/api/cases/${caseId}/decision-extensions`, { occurredAt: at('2019-05-20'), reason: '案情复杂', ...body });
    // 90 days from the filing end on Sunday 08-04, so on Monday 08-05; 62 more days would reach Tuesday 08-06.
    const tooLong = await extend({ days: 62 }).expect(409);
    expect(tooLong.body).toMatchObject({ code: 'DECISION_EXTENSION_TOO_LONG', upToDays: 90 });
    expect((await extend({ days: 30, approval: 'higher_authority', approvalReference: '渝应急函〔2019〕1号' }).expect(409)).body.code).toBe(
      'DECISION_EXTENSION_APPROVAL',
    );
    await extend({ days: 60 }).expect(201);
    expect((await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200)).body.deadlines.decision).toMatchObject({ date: '2019-08-05' });
    expect((await extend({ days: 30 }).expect(409)).body.code).toBe('DECISION_EXTENSION_APPROVAL');
    expect((await extend({ days: 30, approval: 'higher_authority' }).expect(400)).body.code).toBe('APPROVAL_REFERENCE_REQUIRED');
    await extend({ days: 90, approval: 'higher_authority', approvalReference: '渝应急函〔2019〕2号' }).expect(201);
    expect((await extend({ days: 1, approval: 'higher_authority', approvalReference: '渝应急函〔2019〕3号' }).expect(409)).body.code).toBe(
      'DECISION_EXTENSIONS_EXHAUSTED',
    );
  });
});

describe('2021 before the change', () => {
  it('allows the simple procedure only up to 50 yuan for a person', async () => {
    const caseId = await openCase(t, staff, { occurredAt: at('2021-03-01', '09:00'), party: PERSON });
    const decide = (amountFen: number) =>
      post(staff.officerA.token, `/api/cases/${caseId}/decision`, {
        occurredAt: at('2021-03-01', '09:30'),
        procedure: 'simple',
        outcome: 'penalty',
        decisionNumber: '大足应急简罚〔2021〕1号',
        penalties: [{ type: 'fine', amountFen }],
      });
    expect((await decide(5_001).expect(409)).body.code).toBe('SIMPLE_PROCEDURE_NOT_ALLOWED');
    await decide(5_000).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/delivery`, { occurredAt: at('2021-03-01', '09:35'), method: 'in_person' }).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/payments`, { occurredAt: at('2021-03-02'), amountFen: 5_000 }).expect(201);
    await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: at('2021-03-02', '11:00') }).expect(201);
    expect((await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200)).body).toMatchObject({
      status: 'closed',
      decision: { ruleSetVersion: 'apl2017-sector2015-gbf118' },
    });
  });

  it('reviews a general-procedure case below every threshold (it deadlocked: no catalogue rule applied, yet the decision needed one)', async () => {
    const fine = [{ type: 'fine', amountFen: 8_000_00 }];
    const caseId = await noticedCase('2021-03-01', '2021-03-02', fine);
    const view = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(view.body.notice.hearingEligible).toBe(false);
    await reviewed(caseId, '2021-03-08', fine);
    expect((await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200)).body.legalReview).toMatchObject({
      status: 'approved',
      requiredBy: ['general_procedure'],
    });
    await decideAndExecute(caseId, '2021-03-09', '大足应急罚〔2021〕2号', fine, 8_000_00);
    expect((await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200)).body.status).toBe('closed');
  });
});

describe('2021 after the change', () => {
  it('counts the hearing request in working days and allows the simple procedure up to 200 yuan', async () => {
    const fine = [{ type: 'fine', amountFen: 60_000_00 }];
    // Notice on Monday 2021-08-02: 5 working days end on Monday 08-09.
    const caseId = await noticedCase('2021-08-02', '2021-08-02', fine);
    const view = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(view.body.deadlines).toMatchObject({
      hearingRequest: { date: '2021-08-09' },
      statement: { date: '2021-08-05' },
      // 90 days from the filing end on Sunday 10-31: the period ends on Monday 11-01.
      decision: { date: '2021-11-01' },
    });
    expect(view.body.notice.ruleSetVersion).toBe('apl2021-sector2015');
    await post(staff.officerA.token, `/api/cases/${caseId}/hearing-requests`, { occurredAt: at('2021-08-09', '16:00') }).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/hearings`, {
      occurredAt: at('2021-08-16', '09:00'),
      chairOfficerId: staff.officerC.id,
      summary: '听证会公开举行',
    }).expect(201);
    await post(staff.head.token, `/api/cases/${caseId}/collective-discussions`, {
      occurredAt: at('2021-08-17', '09:00'),
      participantIds: [staff.head.id, staff.officerC.id],
      conclusion: '同意',
    }).expect(201);
    await reviewed(caseId, '2021-08-18', fine);
    await decideAndExecute(caseId, '2021-08-19', '大足应急罚〔2021〕9号', fine, 60_000_00);
    expect((await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200)).body).toMatchObject({
      status: 'closed',
      decision: { ruleSetVersion: 'apl2021-sector2015' },
    });

    const simple = await openCase(t, staff, { occurredAt: at('2021-08-02', '09:00'), party: PERSON });
    await post(staff.officerA.token, `/api/cases/${simple}/decision`, {
      occurredAt: at('2021-08-02', '09:30'),
      procedure: 'simple',
      outcome: 'penalty',
      decisionNumber: '大足应急简罚〔2021〕8号',
      penalties: [{ type: 'fine', amountFen: 200_00 }],
      legalBasis: '《安全生产法》第九十七条',
    }).expect(201);
    await post(staff.officerA.token, `/api/cases/${simple}/delivery`, { occurredAt: at('2021-08-02', '09:35'), method: 'in_person' }).expect(201);
    await post(staff.officerA.token, `/api/cases/${simple}/payments`, { occurredAt: at('2021-08-03'), amountFen: 200_00 }).expect(201);
    await post(staff.head.token, `/api/cases/${simple}/closure`, { occurredAt: at('2021-08-03', '11:00') }).expect(201);
    expect((await get(staff.officerA.token, `/api/cases/${simple}`).expect(200)).body).toMatchObject({
      status: 'closed',
      decision: { ruleSetVersion: 'apl2021-sector2015', penaltyBasis: '《安全生产法》第九十七条' },
    });
  });
});

describe('the statistics of 2021', () => {
  it('count decisions under the old law exactly as those under the new one', async () => {
    await t.settle();
    const head = staff.head.token;
    const before = (await get(head, '/api/reports/statistics?from=2021-01-01&to=2021-07-14').expect(200)).body;
    const after = (await get(head, '/api/reports/statistics?from=2021-07-15&to=2021-10-31').expect(200)).body;
    const year = (await get(head, '/api/reports/statistics?from=2021-01-01&to=2021-10-31').expect(200)).body;
    // Before: the 50-yuan simple fine and the 8,000-yuan general fine; after: the 60,000-yuan fine and the 200-yuan one.
    expect(before.figures).toMatchObject({ finesFen: 5_000 + 8_000_00, legalReviewsApproved: 1 });
    expect(after.figures).toMatchObject({ finesFen: 60_000_00 + 200_00, legalReviewsApproved: 1 });
    // The same two parties (the company and the person) were penalized under each law: in the whole period once each.
    expect([before.figures.partiesPenalized, after.figures.partiesPenalized, year.figures.partiesPenalized]).toEqual([2, 2, 2]);
    for (const figure of ['finesFen', 'legalReviewsSubmitted', 'legalReviewsApproved'] as const) {
      expect(year.figures[figure]).toBe(before.figures[figure] + after.figures[figure]);
    }
    expect(year.figures.finesFen).toBe(5_000 + 8_000_00 + 60_000_00 + 200_00);

    // The annual report of 2021 through October, month by month across the change of law.
    const annual = (await get(head, '/api/reports/annual?year=2021&through=2021-10-31&format=json').expect(200)).body;
    const fines = (annual.months as { month: string; figures: { finesFen: number } }[]).map((m) => [m.month, m.figures.finesFen]);
    expect(fines.filter(([, fen]) => fen !== 0)).toEqual([
      ['2021-03', 5_000 + 8_000_00],
      ['2021-08', 60_000_00 + 200_00],
    ]);
  });
});

describe('the limitation period', () => {
  const file = (caseId: string, on: string, violation: object) =>
    post(staff.officerA.token, `/api/cases/${caseId}/filing`, {
      occurredAt: at(on, '11:00'),
      procedure: 'general',
      violations: [{ ...VIOLATION, description: '未按规定进行安全培训', ...violation }],
      approvedBy: staff.head.id,
    });

  it('is two years under the 2017 law, from the violation to its discovery, whatever the harm', async () => {
    const caseId = await openCase(t, staff, { occurredAt: at('2019-06-03', '09:00') });
    const expired = await file(caseId, '2019-06-03', { committedOn: '2017-06-02', harmful: true }).expect(409);
    expect(expired.body).toMatchObject({ code: 'LIMITATION_PERIOD_EXPIRED', years: 2, discoveredOn: '2019-06-03' });
    await file(caseId, '2019-06-03', { committedOn: '2017-06-03' }).expect(201);
  });

  it('is five years under the 2021 law where life or health was endangered and harm followed', async () => {
    const caseId = await openCase(t, staff, { occurredAt: at('2022-06-01', '09:00') });
    expect((await file(caseId, '2022-06-01', { committedOn: '2019-01-10' }).expect(409)).body.years).toBe(2);
    await file(caseId, '2022-06-01', { committedOn: '2019-01-10', harmful: true }).expect(201);
    const view = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(view.body.filing.violations).toEqual([expect.objectContaining({ committedOn: '2019-01-10', harmful: true })]);
  });
});
