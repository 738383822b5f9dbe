import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { type TestApp, startTestApp } from '../support/app.js';
import { COMPANY, type Staff, openCase, setUpAgency } from '../support/cases.js';

let t: TestApp;
let staff: Staff;
let caseId: string;

beforeAll(async () => {
  t = await startTestApp();
  staff = await setUpAgency(t);
  caseId = await openCase(t, staff);
});
afterAll(async () => {
  await t.close();
});

const at = '2026-03-05T10:00:00+08:00';
const FUTURE = '2099-01-01T10:00:00+08:00';
const uuid = '6c1f1a3e-8a4b-4a57-9d61-3f0c1f3b9a01';

interface Endpoint {
  readonly path: (caseId: string) => string;
  readonly role: 'officer' | 'head';
  readonly body: Record<string, unknown>;
  /** A field of the body and a value of the wrong type for it. */
  readonly wrongType: [string, unknown];
}

/** Every command endpoint of a case, each with a body that passes validation. */
const ENDPOINTS: Record<string, Endpoint> = {
  hazards: { path: (id) => `/api/cases/${id}/hazards`, role: 'officer', body: { occurredAt: at, description: '隐患', severity: 'general' }, wrongType: ['severity', 3] },
  'rectification-orders': { path: (id) => `/api/cases/${id}/rectification-orders`, role: 'officer', body: { occurredAt: at, hazardIds: [uuid], mode: 'time_limited', dueDate: '2026-03-20' }, wrongType: ['hazardIds', 'not-a-list'] },
  'rectification-checks': { path: (id) => `/api/cases/${id}/rectification-checks`, role: 'officer', body: { occurredAt: at, hazardIds: [uuid], result: 'rectified' }, wrongType: ['result', true] },
  filing: { path: (id) => `/api/cases/${id}/filing`, role: 'officer', body: { occurredAt: at, procedure: 'general', violations: [{ description: 'd', legalBasis: 'b' }], approvedBy: uuid }, wrongType: ['violations', { description: 'd' }] },
  'decision-extensions': { path: (id) => `/api/cases/${id}/decision-extensions`, role: 'head', body: { occurredAt: at, days: 30, reason: 'r' }, wrongType: ['days', '30'] },
  evidence: { path: (id) => `/api/cases/${id}/evidence`, role: 'officer', body: { occurredAt: at, kind: 'photo', sha256: 'a'.repeat(64), sizeBytes: 1, uri: 'u', capturedBy: uuid, description: 'd' }, wrongType: ['sizeBytes', '1'] },
  'penalty-notice': { path: (id) => `/api/cases/${id}/penalty-notice`, role: 'officer', body: { occurredAt: at, penalties: [{ type: 'fine', amountFen: 100 }], discretion: 'standard', legalBasis: 'b' }, wrongType: ['penalties', [{ type: 'fine', amountFen: 1.5 }]] },
  statements: { path: (id) => `/api/cases/${id}/statements`, role: 'officer', body: { occurredAt: at, summary: 's' }, wrongType: ['waived', 'yes'] },
  'hearing-requests': { path: (id) => `/api/cases/${id}/hearing-requests`, role: 'officer', body: { occurredAt: at }, wrongType: ['occurredAt', 20260305] },
  hearings: { path: (id) => `/api/cases/${id}/hearings`, role: 'officer', body: { occurredAt: at, chairOfficerId: uuid, summary: 's' }, wrongType: ['chairOfficerId', 42] },
  'collective-discussions': { path: (id) => `/api/cases/${id}/collective-discussions`, role: 'head', body: { occurredAt: at, participantIds: [uuid, randomUUID()], conclusion: 'c' }, wrongType: ['participantIds', [1, 2]] },
  decision: { path: (id) => `/api/cases/${id}/decision`, role: 'head', body: { occurredAt: at, outcome: 'penalty', decisionNumber: 'n', penalties: [{ type: 'warning' }] }, wrongType: ['outcome', 'maybe'] },
  delivery: { path: (id) => `/api/cases/${id}/delivery`, role: 'officer', body: { occurredAt: at, method: 'in_person' }, wrongType: ['method', 'pigeon'] },
  payments: { path: (id) => `/api/cases/${id}/payments`, role: 'officer', body: { occurredAt: at, amountFen: 100 }, wrongType: ['amountFen', -5] },
  'decision-revocations': { path: (id) => `/api/cases/${id}/decision-revocations`, role: 'head', body: { occurredAt: at, reason: 'r' }, wrongType: ['reason', ['r']] },
  closure: { path: (id) => `/api/cases/${id}/closure`, role: 'head', body: { occurredAt: at }, wrongType: ['occurredAt', '2026-03-05'] },
  corrections: { path: (id) => `/api/cases/${id}/corrections`, role: 'head', body: { occurredAt: at, reason: 'r', correction: 'c' }, wrongType: ['correction', null] },
};

const eventCount = async (): Promise<number> =>
  (await t.app.get(DataSource).query<{ n: number }[]>('SELECT count(*)::int AS n FROM events'))[0]?.n ?? -1;
const tokenFor = (role: 'officer' | 'head'): string => (role === 'head' ? staff.head.token : staff.officerA.token);

describe.each(Object.entries(ENDPOINTS))('POST %s', (_name, endpoint) => {
  const send = (body: string | object, id = caseId) =>
    t.http().post(endpoint.path(id)).auth(tokenFor(endpoint.role), { type: 'bearer' }).set('Content-Type', 'application/json').send(body);

  it('answers bad input with a 400 or 404 problem and appends nothing', async () => {
    const before = await eventCount();

    const malformed = await send('{"occurredAt": ').expect(400);
    expect(malformed.body).toMatchObject({ code: 'BAD_REQUEST', status: 400 });

    const unknownField = await send({ ...endpoint.body, sneaky: 1 }).expect(400);
    expect(unknownField.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'sneaky', messages: [expect.any(String)] }] });

    const [field, value] = endpoint.wrongType;
    const wrongType = await send({ ...endpoint.body, [field]: value }).expect(400);
    expect(wrongType.body.code).toBe('VALIDATION_FAILED');
    expect(wrongType.body.errors.map((e: { field: string }) => e.field.split('.')[0])).toContain(field);

    const missing = await send({}).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('occurredAt');

    const future = await send({ ...endpoint.body, occurredAt: FUTURE }).expect(400);
    expect(future.body.code).toBe('OCCURRED_IN_FUTURE');

    const unknownCase = await send(endpoint.body, randomUUID()).expect(404);
    expect(unknownCase.body.code).toBe('CASE_NOT_FOUND');

    const notAnId = await send(endpoint.body, 'not-a-uuid').expect(400);
    expect(notAnId.headers['content-type']).toMatch(/^application\/problem\+json/);

    expect(await eventCount()).toBe(before);
  });
});

describe('POST /api/cases', () => {
  const open = (body: object) => t.http().post('/api/cases').auth(staff.officerA.token, { type: 'bearer' }).send(body);
  const valid = () => ({
    occurredAt: '2026-03-02T09:00:00+08:00',
    source: 'routine',
    party: COMPANY,
    officerIds: [staff.officerA.id, staff.officerB.id],
    location: 'l',
    summary: 's',
  });

  it('refuses a bad credit code, a bad ID number, a future date and unknown fields, appending nothing', async () => {
    const before = await eventCount();
    const credit = await open({ ...valid(), party: { ...COMPANY, creditCode: '91500111MA5U3XQ129' } }).expect(400);
    expect(credit.body.errors).toEqual([{ field: 'party.creditCode', messages: [expect.stringContaining('check character')] }]);
    const id = await open({ ...valid(), party: { kind: 'person', name: '李某', idNumber: '110105194912310021' } }).expect(400);
    expect(id.body.errors).toEqual([{ field: 'party.idNumber', messages: [expect.stringContaining('identity number')] }]);
    const future = await open({ ...valid(), occurredAt: FUTURE }).expect(400);
    expect(future.body.code).toBe('OCCURRED_IN_FUTURE');
    const extra = await open({ ...valid(), party: { ...COMPANY, nickname: 'x' } }).expect(400);
    expect(extra.body.errors).toEqual([{ field: 'party.nickname', messages: [expect.any(String)] }]);
    const source = await open({ ...valid(), source: 'rumour' }).expect(400);
    expect(source.body.errors.map((e: { field: string }) => e.field)).toEqual(['source']);
    await t.http().post('/api/cases').auth(staff.officerA.token, { type: 'bearer' }).set('Content-Type', 'application/json').send('[').expect(400);
    expect(await eventCount()).toBe(before);
  });

  it('refuses a head-only step to an officer with 403 and a case step without a token with 401', async () => {
    await t.http().post(`/api/cases/${caseId}/closure`).auth(staff.officerA.token, { type: 'bearer' }).send({ occurredAt: at }).expect(403);
    await t.http().post(`/api/cases/${caseId}/hazards`).send(ENDPOINTS.hazards?.body ?? {}).expect(401);
  });
});
