import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { PERSON, type Staff, openCase, setUpAgency } from '../support/cases.js';

let t: TestApp;
let staff: Staff;
const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));

beforeAll(async () => {
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
});
afterAll(async () => {
  await t.close();
});

const post = (token: string, path: string, body: object) => t.http().post(path).auth(token, { type: 'bearer' }).send(body);
const WORKER = { role: 'worker', name: '王大力', idNumber: '500225199003151232', phone: '13912345678', address: '重庆市大足区龙水镇建设路12号' };

describe('the natural persons of a case', () => {
  it('are recorded by the case officers with their own ids, corrected by id and removed, and shown on the case', async () => {
    const caseId = await openCase(t, staff, { party: PERSON });
    const recorded = await post(staff.officerA.token, `/api/cases/${caseId}/persons`, {
      occurredAt: '2026-03-02T09:30:00+08:00',
      persons: [WORKER, { role: 'witness', name: '赵春华' }],
    }).expect(201);
    const [workerId, witnessId] = recorded.body.personIds as [string, string];
    expect(recorded.body.version).toBe(3);

    await post(staff.officerB.token, `/api/cases/${caseId}/persons`, {
      occurredAt: '2026-03-02T09:40:00+08:00',
      persons: [{ ...WORKER, personId: workerId, phone: '13912345670' }],
    }).expect(201);
    // Recorded again unchanged: nothing is appended.
    const unchanged = await post(staff.officerB.token, `/api/cases/${caseId}/persons`, {
      occurredAt: '2026-03-02T09:41:00+08:00',
      persons: [{ ...WORKER, personId: workerId, phone: '13912345670' }],
    }).expect(201);
    expect(unchanged.body.version).toBe(4);
    await post(staff.officerA.token, `/api/cases/${caseId}/persons/${witnessId}/removal`, {
      occurredAt: '2026-03-02T09:50:00+08:00',
      reason: '误将无关人员录入本案',
    }).expect(201);

    const view = await t.http().get(`/api/cases/${caseId}`).auth(staff.officerA.token, { type: 'bearer' }).expect(200);
    expect(view.body.persons).toEqual([{ ...WORKER, personId: workerId, phone: '13912345670' }]);
    const events = await t.http().get(`/api/cases/${caseId}/events`).auth(staff.officerA.token, { type: 'bearer' }).expect(200);
    const types = (events.body.items ?? events.body).map((e: { type: string }) => e.type);
    expect(types).toEqual(['CaseOpened', 'CasePersonRecorded', 'CasePersonRecorded', 'CasePersonRecorded', 'CasePersonRemoved']);
  });

  it('refuses a bad ID number, an unknown role and an empty list field by field', async () => {
    const caseId = await openCase(t, staff);
    const bad = await post(staff.officerA.token, `/api/cases/${caseId}/persons`, {
      occurredAt: '2026-03-02T09:30:00+08:00',
      persons: [{ ...WORKER, idNumber: '500225199003151234' }, { role: 'neighbour', name: '' }],
    }).expect(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['persons.0.idNumber', 'persons.1.name', 'persons.1.role']);
    const empty = await post(staff.officerA.token, `/api/cases/${caseId}/persons`, { occurredAt: '2026-03-02T09:30:00+08:00', persons: [] }).expect(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'persons' })]);
  });

  it('are for the officers of the case, before its decision, and a correction names a recorded person', async () => {
    const caseId = await openCase(t, staff, { party: PERSON });
    const outsider = await post(staff.officerC.token, `/api/cases/${caseId}/persons`, { occurredAt: '2026-03-02T09:30:00+08:00', persons: [WORKER] }).expect(403);
    expect(outsider.body.code).toBe('NOT_CASE_OFFICER');
    const unknown = await post(staff.officerA.token, `/api/cases/${caseId}/persons`, {
      occurredAt: '2026-03-02T09:30:00+08:00',
      persons: [{ ...WORKER, personId: '00000000-0000-4000-8000-000000000009' }],
    }).expect(404);
    expect(unknown.body.code).toBe('CASE_PERSON_NOT_FOUND');
    await t.http().post(`/api/cases/${caseId}/persons`).auth(staff.outsider.token, { type: 'bearer' }).send({ occurredAt: '2026-03-02T09:30:00+08:00', persons: [WORKER] }).expect(404);

    await post(staff.officerA.token, `/api/cases/${caseId}/filing`, {
      occurredAt: '2026-03-02T09:40:00+08:00',
      procedure: 'simple',
      violations: [{ description: '违规存放易燃物品', legalBasis: '《重庆市安全生产条例》' }],
      approvedBy: staff.head.id,
      intendedPenalties: [{ type: 'fine', amountFen: 10_000 }],
    }).expect(201);
    await post(staff.officerA.token, `/api/cases/${caseId}/decision`, {
      occurredAt: '2026-03-02T09:50:00+08:00',
      procedure: 'simple',
      outcome: 'penalty',
      decisionNumber: '大足应急简罚〔2026〕91号',
      penalties: [{ type: 'fine', amountFen: 10_000 }],
    }).expect(201);
    const late = await post(staff.officerA.token, `/api/cases/${caseId}/persons`, { occurredAt: '2026-03-02T10:00:00+08:00', persons: [WORKER] }).expect(409);
    expect(late.body.code).toBe('CASE_PERSONS_FIXED_BY_DECISION');
  });
});
