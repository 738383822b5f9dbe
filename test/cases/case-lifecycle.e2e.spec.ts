import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestApp, startTestApp } from '../support/app.js';
import { ALL_CLEAR, PERSON, type Staff, openCase, setUpAgency } from '../support/cases.js';

let t: TestApp;
let staff: Staff;

beforeAll(async () => {
  t = await startTestApp();
  staff = await setUpAgency(t);
});
afterAll(async () => {
  await t.close();
});

const post = (token: string, path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, path: string) => t.http().get(path).auth(token, { type: 'bearer' });
const eventTypes = async (caseId: string): Promise<string[]> =>
  ((await get(staff.officerA.token, `/api/cases/${caseId}/events`).expect(200)).body.items as { type: string }[]).map((e) => e.type);

describe('(a) an inspection closed without a penalty', () => {
  it('goes from inspection to hazard, on-the-spot rectification, re-check and closure', async () => {
    const caseId = await openCase(t, staff);
    const officer = staff.officerA.token;
    const hazard = await post(officer, `/api/cases/${caseId}/hazards`, {
      occurredAt: '2026-03-02T09:30:00+08:00',
      description: '二楼消防通道被杂物堵塞',
      severity: 'general',
      legalBasis: '《安全生产法》第四十一条',
    }).expect(201);
    expect(hazard.body).toEqual({ hazardId: expect.any(String), version: 2 });
    expect(hazard.headers.etag).toBe('"2"');

    const early = await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: '2026-03-02T09:40:00+08:00' }).expect(409);
    expect(early.body.code).toBe('NOT_READY_TO_CLOSE');

    const order = await post(officer, `/api/cases/${caseId}/rectification-orders`, {
      occurredAt: '2026-03-02T09:45:00+08:00',
      hazardIds: [hazard.body.hazardId],
      mode: 'on_the_spot',
    }).expect(201);
    expect(order.body).toEqual({ orderId: expect.any(String), version: 3 });
    await post(officer, `/api/cases/${caseId}/rectification-checks`, {
      occurredAt: '2026-03-02T10:30:00+08:00',
      hazardIds: [hazard.body.hazardId],
      result: 'rectified',
    }).expect(201, { version: 4 });
    await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(201, { version: 5 });

    const view = await get(officer, `/api/cases/${caseId}`).expect(200);
    expect(view.headers.etag).toBe('"5"');
    expect(view.body).toMatchObject({
      status: 'closed',
      closure: { reason: 'rectified' },
      hazards: [{ hazardId: hazard.body.hazardId, rectification: 'rectified', workHalted: false }],
      legalReview: { required: false },
    });
    expect(await eventTypes(caseId)).toEqual(['CaseOpened', 'HazardFound', 'RectificationOrdered', 'RectificationChecked', 'CaseClosed']);
    const integrity = await get(officer, `/api/cases/${caseId}/integrity`).expect(200);
    expect(integrity.body).toMatchObject({ ok: true, version: 5 });

    const closed = await post(officer, `/api/cases/${caseId}/hazards`, {
      occurredAt: '2026-03-03T09:30:00+08:00',
      description: 'x',
      severity: 'general',
    }).expect(409);
    expect(closed.body.code).toBe('CASE_CLOSED');
    await post(staff.head.token, `/api/cases/${caseId}/corrections`, {
      occurredAt: '2026-03-03T09:30:00+08:00',
      reason: '检查地点录入有误',
      correction: '检查地点为4号厂房',
    }).expect(201, { version: 6 });
  });
});

describe('(c) a simple-procedure warning', () => {
  it('is decided on the spot by an officer of the case and closed once delivered', async () => {
    const caseId = await openCase(t, staff, { party: PERSON, source: 'complaint' });
    const tooMuch = await post(staff.officerB.token, `/api/cases/${caseId}/decision`, {
      occurredAt: '2026-03-02T09:20:00+08:00',
      procedure: 'simple',
      outcome: 'penalty',
      decisionNumber: '大足应急简罚〔2026〕1号',
      penalties: [{ type: 'fine', amountFen: 20001 }],
    }).expect(409);
    expect(tooMuch.body.code).toBe('SIMPLE_PROCEDURE_NOT_ALLOWED');

    await post(staff.officerB.token, `/api/cases/${caseId}/decision`, {
      occurredAt: '2026-03-02T09:20:00+08:00',
      procedure: 'simple',
      outcome: 'penalty',
      decisionNumber: '大足应急简罚〔2026〕1号',
      penalties: [{ type: 'warning' }],
    }).expect(201, { version: 2 });
    await post(staff.officerB.token, `/api/cases/${caseId}/delivery`, { occurredAt: '2026-03-02T09:25:00+08:00', method: 'in_person' }).expect(201);
    await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: '2026-03-02T12:00:00+08:00' }).expect(201);
    const view = await get(staff.officerB.token, `/api/cases/${caseId}`).expect(200);
    expect(view.body).toMatchObject({
      status: 'closed',
      decision: { procedure: 'simple', penalties: [{ type: 'warning' }], decidedBy: staff.officerB.id },
      delivery: { paymentDue: null },
      closure: { reason: 'executed' },
    });
  });

  it('refuses a decision number already used this year by the agency', async () => {
    const caseId = await openCase(t, staff);
    const taken = await post(staff.officerA.token, `/api/cases/${caseId}/decision`, {
      occurredAt: '2026-03-02T09:20:00+08:00',
      procedure: 'simple',
      outcome: 'penalty',
      decisionNumber: '大足应急简罚〔2026〕1号',
      penalties: [{ type: 'warning' }],
    }).expect(409);
    expect(taken.body.code).toBe('DECISION_NUMBER_TAKEN');
    expect(await eventTypes(caseId)).toEqual(['CaseOpened']);
  });
});

describe('(b) the general procedure', () => {
  it('goes from filing through notice, statement, hearing, discussion and legal review to decision, delivery, late payment and closure', async () => {
    const caseId = await openCase(t, staff);
    const officer = staff.officerA.token;
    const head = staff.head.token;
    await post(officer, `/api/cases/${caseId}/filing`, {
      occurredAt: '2026-03-03T10:00:00+08:00',
      procedure: 'general',
      violations: [{ description: '未按规定对从业人员进行安全生产教育和培训', legalBasis: '《安全生产法》第九十七条第三项' }],
      approvedBy: staff.head.id,
    }).expect(201, { version: 2 });
    await post(officer, `/api/cases/${caseId}/evidence`, {
      occurredAt: '2026-03-03T11:00:00+08:00',
      kind: 'inquiry_record',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      sizeBytes: 20480,
      uri: 'evidence://dazu-emb/2026/03/03/inquiry-001.pdf',
      capturedBy: staff.officerA.id,
      description: '询问笔录',
    }).expect(201);
    const fine = [{ type: 'fine', amountFen: 60_000_00 }];
    await post(officer, `/api/cases/${caseId}/penalty-notice`, {
      occurredAt: '2026-03-04T10:00:00+08:00',
      penalties: fine,
      discretion: 'standard',
      legalBasis: '《安全生产法》第九十七条',
    }).expect(201);
    let view = await get(officer, `/api/cases/${caseId}`).expect(200);
    // 令18号 (from 2026-02-01) Arts. 18, 89: the statement period is 5 working days, as is the hearing request.
    expect(view.body.deadlines).toMatchObject({
      statement: { date: '2026-03-11', provisional: false },
      hearingRequest: { date: '2026-03-11', provisional: false },
      decision: { date: '2026-06-01' },
    });

    const late = await post(officer, `/api/cases/${caseId}/hearing-requests`, { occurredAt: '2026-03-12T09:00:00+08:00' }).expect(409);
    expect(late.body.code).toBe('HEARING_REQUEST_TOO_LATE');
    await post(officer, `/api/cases/${caseId}/statements`, { occurredAt: '2026-03-05T09:00:00+08:00', summary: '当事人称已完成培训' }).expect(201);
    await post(officer, `/api/cases/${caseId}/hearing-requests`, { occurredAt: '2026-03-06T09:00:00+08:00' }).expect(201);
    const chairIsInvestigator = await post(officer, `/api/cases/${caseId}/hearings`, {
      occurredAt: '2026-03-20T09:00:00+08:00',
      chairOfficerId: staff.officerB.id,
      summary: '听证',
    }).expect(409);
    expect(chairIsInvestigator.body.code).toBe('HEARING_CHAIR_IS_INVESTIGATOR');
    const decide = (occurredAt: string, penalties: object[] = fine) =>
      post(head, `/api/cases/${caseId}/decision`, { occurredAt, outcome: 'penalty', decisionNumber: '大足应急罚〔2026〕7号', penalties });
    expect((await decide('2026-03-19T10:00:00+08:00').expect(409)).body.code).toBe('HEARING_PENDING');
    await post(officer, `/api/cases/${caseId}/hearings`, {
      occurredAt: '2026-03-20T09:00:00+08:00',
      chairOfficerId: staff.officerC.id,
      summary: '听证会公开举行，当事人到场陈述',
    }).expect(201);
    expect((await decide('2026-03-23T10:00:00+08:00', [{ type: 'fine', amountFen: 80_000_00 }]).expect(409)).body.code).toBe(
      'HEAVIER_PENALTY_AFTER_STATEMENT',
    );
    expect((await decide('2026-03-23T10:00:00+08:00').expect(409)).body.code).toBe('COLLECTIVE_DISCUSSION_REQUIRED');
    await post(head, `/api/cases/${caseId}/collective-discussions`, {
      occurredAt: '2026-03-23T09:00:00+08:00',
      participantIds: [staff.head.id, staff.officerC.id],
      conclusion: '同意按拟处罚意见作出处罚决定',
    }).expect(201);
    expect((await decide('2026-03-23T10:00:00+08:00').expect(409)).body.code).toBe('LEGAL_REVIEW_REQUIRED');

    // Legal review: returned, supplemented, approved; then made stale by new evidence, and approved again.
    const proposal = { outcome: 'penalty', penalties: fine, discretion: 'standard' };
    const submit = (occurredAt: string) =>
      post(officer, `/api/cases/${caseId}/legal-review`, { occurredAt, proposedDecision: proposal }).expect(201);
    const first = await submit('2026-03-23T11:00:00+08:00');
    expect(first.body).toMatchObject({ reviewId: expect.any(String), round: 1 });
    const reviewId = first.body.reviewId as string;
    expect((await decide('2026-03-23T12:00:00+08:00').expect(409)).body.code).toBe('LEGAL_REVIEW_PENDING');
    const opinion = (token: string, occurredAt: string, outcome: string, findings: object) =>
      post(token, `/api/reviews/${reviewId}/opinion`, { occurredAt, outcome, findings, opinion: outcome === 'approved' ? '同意' : '证据不足，退回补充' });
    expect((await opinion(staff.officerB.token, '2026-03-24T09:00:00+08:00', 'approved', ALL_CLEAR).expect(409)).body.code).toBe(
      'REVIEWER_CONFLICT_OF_INTEREST',
    );
    await opinion(staff.reviewer.token, '2026-03-24T10:00:00+08:00', 'returned', {
      ...ALL_CLEAR,
      evidence: { ok: false, note: '缺少培训记录' },
    }).expect(201);
    view = await get(officer, `/api/cases/${caseId}`).expect(200);
    expect(view.body.legalReview).toMatchObject({ required: true, status: 'returned', reviewId, round: 1, requiredBy: ['general_procedure', 'hearing_eligible'] });
    expect((await decide('2026-03-24T11:00:00+08:00').expect(409)).body.code).toBe('LEGAL_REVIEW_REQUIRED');

    const supplement = (occurredAt: string, description: string) =>
      post(officer, `/api/cases/${caseId}/evidence`, {
        occurredAt,
        kind: 'document',
        sha256: 'b'.repeat(64),
        sizeBytes: 4096,
        uri: `evidence://dazu-emb/2026/03/${description}.pdf`,
        capturedBy: staff.officerA.id,
        description,
      }).expect(201);
    await supplement('2026-03-24T15:00:00+08:00', 'training-records');
    expect((await submit('2026-03-25T09:00:00+08:00')).body).toEqual({ reviewId, round: 2, version: expect.any(Number) });
    await opinion(staff.reviewer.token, '2026-03-25T10:00:00+08:00', 'approved', ALL_CLEAR).expect(201);
    await supplement('2026-03-25T11:00:00+08:00', 'late-photos');
    expect((await decide('2026-03-25T12:00:00+08:00').expect(409)).body.code).toBe('LEGAL_REVIEW_STALE');
    expect((await submit('2026-03-25T13:00:00+08:00')).body.round).toBe(3);
    await opinion(staff.reviewer2.token, '2026-03-26T09:00:00+08:00', 'approved', ALL_CLEAR).expect(201);

    await decide('2026-03-26T15:00:00+08:00').expect(201);
    await post(officer, `/api/cases/${caseId}/delivery`, { occurredAt: '2026-03-27T10:00:00+08:00', method: 'in_person' }).expect(201);
    view = await get(officer, `/api/cases/${caseId}`).expect(200);
    // 15 calendar days after 03-27 is Saturday 04-11: the period ends on the next working day.
    expect(view.body.deadlines.payment).toMatchObject({ date: '2026-04-13', provisional: false });
    expect(view.body.decision).toMatchObject({ decisionNumber: '大足应急罚〔2026〕7号', decidedBy: staff.head.id });

    // Paid two days late: a surcharge of 3% of the fine a day (APL Art. 72).
    const short = await post(officer, `/api/cases/${caseId}/payments`, { occurredAt: '2026-04-15T10:00:00+08:00', amountFen: 6_360_001 }).expect(409);
    expect(short.body).toMatchObject({ code: 'PAYMENT_EXCEEDS_AMOUNT_DUE', dueFen: 6_360_000 });
    expect((await post(head, `/api/cases/${caseId}/closure`, { occurredAt: '2026-04-15T09:00:00+08:00' }).expect(409)).body.code).toBe(
      'NOT_READY_TO_CLOSE',
    );
    await post(officer, `/api/cases/${caseId}/payments`, { occurredAt: '2026-04-15T10:00:00+08:00', amountFen: 6_360_000 }).expect(201);
    await post(head, `/api/cases/${caseId}/closure`, { occurredAt: '2026-04-15T11:00:00+08:00' }).expect(201);
    view = await get(officer, `/api/cases/${caseId}`).expect(200);
    expect(view.body).toMatchObject({
      status: 'closed',
      closure: { reason: 'executed' },
      payments: [{ amountFen: 6_360_000, paidOn: '2026-04-15', surchargeDueFen: 360_000 }],
      payment: { principalFen: 6_000_000, paidFen: 6_360_000, dueFen: 0 },
    });
    const integrity = await get(officer, `/api/cases/${caseId}/integrity`).expect(200);
    expect(integrity.body.ok).toBe(true);
    const review = await get(staff.reviewer.token, `/api/reviews/${reviewId}`).expect(200);
    expect(review.body).toMatchObject({ status: 'approved', round: 3, reviewerId: staff.reviewer2.id });
  });
});

describe('evidence access', () => {
  it('records every reading with who and why, and needs a reason', async () => {
    const caseId = await openCase(t, staff);
    const recorded = await post(staff.officerA.token, `/api/cases/${caseId}/evidence`, {
      occurredAt: '2026-03-02T09:10:00+08:00',
      kind: 'video',
      sha256: 'a'.repeat(64),
      sizeBytes: 1_048_576,
      uri: 'evidence://dazu-emb/body-cam-0042.mp4',
      capturedBy: staff.officerA.id,
      description: '执法记录仪全程录像',
    }).expect(201);
    const path = `/api/cases/${caseId}/evidence/${recorded.body.evidenceId}`;
    const missing = await get(staff.head.token, path).expect(400);
    expect(missing.body.errors).toEqual([{ field: 'X-Access-Reason', messages: [expect.any(String)] }]);
    const read = await get(staff.head.token, path).set('X-Access-Reason', encodeURIComponent('法制审核调阅')).expect(200);
    expect(read.body).toMatchObject({ evidenceId: recorded.body.evidenceId, sha256: 'a'.repeat(64), supersededBy: null });
    const timeline = (await get(staff.officerA.token, `/api/cases/${caseId}/events`).expect(200)).body.items;
    expect(timeline.at(-1)).toMatchObject({
      type: 'EvidenceAccessed',
      actorId: staff.head.id,
      data: { evidenceId: recorded.body.evidenceId, reason: '法制审核调阅', accessedBy: staff.head.id },
    });
  });
});

describe('scoping and listing', () => {
  it('hides a case from another agency and lists cases from the projection', async () => {
    const caseId = await openCase(t, staff);
    await get(staff.outsider.token, `/api/cases/${caseId}`).expect(404);
    const foreign = await post(staff.outsider.token, `/api/cases/${caseId}/hazards`, {
      occurredAt: '2026-03-02T09:30:00+08:00',
      description: 'x',
      severity: 'general',
    }).expect(404);
    expect(foreign.body.code).toBe('CASE_NOT_FOUND');
    await t.settle();
    const list = await get(staff.officerA.token, `/api/cases?partyCreditCode=91500111MA5U3XQ128&status=open&pageSize=100`).expect(200);
    expect(list.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect(list.body.items.every((c: { status: string }) => c.status === 'open')).toBe(true);
    const byName = await get(staff.officerA.token, `/api/cases?partyName=${encodeURIComponent('机械制造')}&from=2026-03-02&to=2026-03-02`).expect(200);
    expect(byName.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    const otherDay = await get(staff.officerA.token, `/api/cases?from=2026-03-03`).expect(200);
    expect(otherDay.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
    const wildcard = await get(staff.officerA.token, `/api/cases?partyName=${encodeURIComponent('%')}`).expect(200);
    expect(wildcard.body.total).toBe(0);
    const byOfficer = await get(staff.officerA.token, `/api/cases?officerId=${staff.officerC.id}`).expect(200);
    expect(byOfficer.body.total).toBe(0);
    const other = await get(staff.outsider.token, '/api/cases').expect(200);
    expect(other.body.total).toBe(0);
  });

  it('refuses an inspection by one officer, or by an officer whose certificate is not valid that day', async () => {
    const one = await post(staff.officerA.token, '/api/cases', {
      occurredAt: '2026-03-02T09:00:00+08:00',
      source: 'routine',
      party: PERSON,
      officerIds: [staff.officerA.id],
      location: 'x',
      summary: 'y',
    }).expect(409);
    expect(one.body.code).toBe('TOO_FEW_OFFICERS');
    const early = await post(staff.officerA.token, '/api/cases', {
      occurredAt: '2024-12-30T09:00:00+08:00',
      source: 'routine',
      party: PERSON,
      officerIds: [staff.officerA.id, staff.officerB.id],
      location: 'x',
      summary: 'y',
    }).expect(409);
    expect(early.body.code).toBe('CERTIFICATE_NOT_VALID');
  });
});
