import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { exportLog } from '../../src/cli/commands/export.command.js';
import { verifyLog } from '../../src/eventstore/ledger/log-verification.js';
import { PostgresEventStore } from '../../src/eventstore/event-store.js';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { withClient } from '../support/database.js';
import { ALL_CLEAR, COMPANY, type Staff, fileCase, openCase, setUpAgency, submitLegalReview } from '../support/cases.js';

// Persons no other fixture names, written into officers' and reviewers' free texts as officers do.
const INJURED = { role: 'injured', name: '王建国', idNumber: '500111198507204416' };
const WITNESS = { role: 'witness', name: '赵丽华', phone: '13712345678' };
const REPRESENTATIVE = '陈志强';
const INJURED_VALUES = [INJURED.name, INJURED.idNumber];
const FREE_TEXT_VALUES = [INJURED.name, INJURED.idNumber, WITNESS.name, WITNESS.phone, REPRESENTATIVE];
const at = (date: string, time: string): string => `${date}T${time}:00+08:00`;

const SUMMARY = `接举报检查：工人${INJURED.name}（身份证${INJURED.idNumber}）操作冲床时被压伤右手。证人${WITNESS.name}（电话${WITNESS.phone}）在场`;
const HAZARD = `${INJURED.name}操作的三号冲床未设安全防护罩`;
const VIOLATION = `未对${INJURED.name}等从业人员进行安全生产教育和培训，${WITNESS.name}证实`;
const STATEMENT = `法定代表人${REPRESENTATIVE}陈述：已为${INJURED.name}垫付费用`;
const OPINION = `经审核，${INJURED.name}作业时无防护，事实清楚`;
const FINDING = `${WITNESS.name}证言与现场照片相互印证`;
const FINE = [{ type: 'fine', amountFen: 500_000 }];

let t: TestApp;
let staff: Staff;
let admin: string;
let caseId: string;
let reviewId: string;
let injuredSubject: string;
let work: string;
const clock = new ControlledClock(new Date('2026-03-25T12:00:00+08:00'));

const post = (token: string, route: string, body: object) => t.http().post(route).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, route: string) => t.http().get(route).auth(token, { type: 'bearer' });

const withDatabase = <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => withClient(t.database.url, work);

/** The tables (events included) with a row that holds any of `values` as text. */
const tablesHolding = (values: readonly string[]): Promise<string[]> =>
  withDatabase(async (client) => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const found: string[] = [];
    for (const { table_name: table } of rows) {
      const hit = await client.query(`SELECT 1 FROM "${table}" x WHERE x::text LIKE ANY (SELECT '%' || v || '%' FROM unnest($1::text[]) v) LIMIT 1`, [values]);
      if (hit.rowCount) found.push(table);
    }
    return found;
  });

async function exported(): Promise<string> {
  const file = path.join(work, `log-${Date.now()}.ndjson`);
  const output = createWriteStream(file, { flags: 'wx' });
  await once(output, 'open');
  await exportLog(t.database.url, output);
  output.end();
  await once(output, 'close');
  return readFile(file, 'utf8');
}

interface TimelineEvent {
  type: string;
  data: Record<string, unknown>;
}
const timeline = async (token: string): Promise<TimelineEvent[]> => (await get(token, `/api/cases/${caseId}/events`).expect(200)).body.items as TimelineEvent[];
const dataOf = (events: TimelineEvent[], type: string): Record<string, unknown> => {
  const event = events.find((candidate) => candidate.type === type);
  if (!event) throw new Error(`no ${type} on the case`);
  return event.data;
};

/** The review's events as the store reads them (the one read path, which opens sealed values). */
const reviewEvents = async (): Promise<unknown[]> =>
  (await t.app.get(PostgresEventStore).readStream(`review-${reviewId}`)).map((event) => event.data);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'casetrail-free-text-'));
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
  admin = t.token({ sub: 'admin-dazu', agency: 'dazu-emb', roles: ['admin'] });
  const officer = staff.officerA.token;
  // A general-procedure fine on a company after a worker was hurt: reviewed, decided, paid and closed.
  caseId = await openCase(t, staff, { party: { ...COMPANY, legalRepresentative: REPRESENTATIVE }, source: 'complaint', summary: SUMMARY });
  const persons = await post(officer, `/api/cases/${caseId}/persons`, { occurredAt: at('2026-03-02', '09:05'), persons: [INJURED, WITNESS] }).expect(201);
  injuredSubject = `person:case-${caseId}:${(persons.body.personIds as string[])[0]}`;
  await post(officer, `/api/cases/${caseId}/hazards`, { occurredAt: at('2026-03-02', '09:30'), description: HAZARD, severity: 'general' }).expect(201);
  await fileCase(t, staff, caseId, { violations: [{ description: VIOLATION, legalBasis: '《安全生产法》第九十七条第三项' }] });
  await post(officer, `/api/cases/${caseId}/penalty-notice`, {
    occurredAt: at('2026-03-03', '14:00'),
    penalties: FINE,
    discretion: 'standard',
    legalBasis: '《安全生产法》第九十七条',
  }).expect(201);
  await post(officer, `/api/cases/${caseId}/statements`, { occurredAt: at('2026-03-04', '09:00'), summary: STATEMENT }).expect(201);
  ({ reviewId } = await submitLegalReview(t, staff, caseId, {
    occurredAt: at('2026-03-16', '10:00'),
    proposedDecision: { outcome: 'penalty', penalties: FINE, discretion: 'standard' },
  }));
  await post(staff.reviewer.token, `/api/reviews/${reviewId}/opinion`, {
    occurredAt: at('2026-03-16', '11:00'),
    outcome: 'approved',
    findings: { ...ALL_CLEAR, evidence: { ok: true, note: FINDING } },
    opinion: OPINION,
  }).expect(201);
  await post(staff.head.token, `/api/cases/${caseId}/decision`, {
    occurredAt: at('2026-03-20', '15:00'),
    outcome: 'penalty',
    decisionNumber: '大足应急罚〔2026〕207号',
    penalties: FINE,
  }).expect(201);
  await post(officer, `/api/cases/${caseId}/delivery`, { occurredAt: at('2026-03-20', '16:00'), method: 'in_person' }).expect(201);
  await post(officer, `/api/cases/${caseId}/payments`, { occurredAt: at('2026-03-20', '17:00'), amountFen: 500_000 }).expect(201);
  await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: at('2026-03-20', '18:00') }).expect(201);
  await t.settle();
});

afterAll(async () => {
  await t?.close();
  await rm(work, { recursive: true, force: true });
});

describe('free texts of a case', () => {
  it('are stored sealed under the texts of their stream, and read in full by the case officers and the reviewer', async () => {
    const holding = await tablesHolding(FREE_TEXT_VALUES);
    expect(holding).not.toContain('events');

    const events = await timeline(staff.officerA.token);
    expect(dataOf(events, 'CaseOpened')).toMatchObject({ summary: SUMMARY });
    expect(dataOf(events, 'HazardFound')).toMatchObject({ description: HAZARD });
    expect(dataOf(events, 'CaseFiled')).toMatchObject({ violations: [expect.objectContaining({ description: VIOLATION })] });
    expect(dataOf(events, 'StatementRecorded')).toMatchObject({ summary: STATEMENT });
    const review = JSON.stringify(await reviewEvents());
    expect(review).toContain(OPINION);
    expect(review).toContain(FINDING);

    const subjects = await get(admin, `/api/personal-data/subjects?record=case-${caseId}`).expect(200);
    const ids = (subjects.body.items as { subjectId: string }[]).map((item) => item.subjectId);
    expect(ids).toEqual(expect.arrayContaining([injuredSubject, `representative:case-${caseId}`, `text:case-${caseId}`]));
    const texts = await get(admin, `/api/personal-data/subjects/text:review-${reviewId}`).expect(200);
    expect(texts.body).toMatchObject({ state: 'active', records: [{ recordId: `review-${reviewId}`, kind: 'penalty_case', retainedUntil: '2056-03-20' }] });
  });

  it('cannot be shredded on their own before the retention has passed', async () => {
    const refused = await post(admin, `/api/personal-data/subjects/text:case-${caseId}/erase`, { reason: '提前删除' }).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'RETENTION_NOT_PASSED', erasableFrom: '2056-03-20' });
    expect(dataOf(await timeline(staff.officerA.token), 'CaseOpened')).toMatchObject({ summary: SUMMARY });
  });
});

describe('erasing a person of the case after the retention', () => {
  it('shreds every free text of the case and its reviews, keeping each cleaned of the case persons, through a full rebuild', async () => {
    clock.set('2056-04-01T09:00:00+08:00');
    await post(admin, `/api/personal-data/subjects/${injuredSubject}/erase`, { reason: '保存期限届满，本人申请删除' }).expect(201);
    const runner = t.app.get(ProjectionRunner);
    for (const name of runner.names({ rebuildable: true })) await runner.rebuild(name);
    await t.settle();

    const events = await timeline(admin);
    const summary = String(dataOf(events, 'CaseOpened').summary);
    const hazard = String(dataOf(events, 'HazardFound').description);
    const statement = String(dataOf(events, 'StatementRecorded').summary);
    const violation = String((dataOf(events, 'CaseFiled').violations as { description: string }[])[0]?.description);
    // What the texts said stays, with every person of the case in the 某某 form and their numbers gone.
    // The sentence on the worker's injury is health data of a natural person: it goes as a whole.
    expect(summary).toContain('[涉及个人健康信息，已隐去]');
    expect(summary).toContain('证人赵某某');
    expect(hazard).toBe('王某某操作的三号冲床未设安全防护罩');
    expect(violation).toContain('从业人员进行安全生产教育和培训');
    expect(statement).toContain('陈某某');
    const review = JSON.stringify(await reviewEvents());
    expect(review).toContain('作业时无防护，事实清楚');
    expect(review).toContain('证言与现场照片相互印证');
    for (const text of [summary, hazard, violation, statement, review]) {
      for (const value of FREE_TEXT_VALUES) expect(text).not.toContain(value);
    }

    // The erased person is in no table, the events included; the witness, not erased, keeps her own record.
    expect(await tablesHolding(INJURED_VALUES)).toEqual([]);
    const persons = (await get(admin, `/api/cases/${caseId}`).expect(200)).body.persons as { name: string }[];
    expect(persons.map((person) => person.name)).toEqual(expect.arrayContaining(['[已删除]', WITNESS.name]));
    const log = await exported();
    for (const value of FREE_TEXT_VALUES) expect(log).not.toContain(value);

    expect((await verifyLog(t.database.url)).ok).toBe(true);
    expect((await get(admin, `/api/cases/${caseId}/integrity`).expect(200)).body).toMatchObject({ ok: true });

    // Each shredded stream's texts have their own audit event, naming the erasure they went with and what was kept.
    for (const stream of [`case-${caseId}`, `review-${reviewId}`]) {
      const status = await get(admin, `/api/personal-data/subjects/text:${stream}`).expect(200);
      expect(status.body).toMatchObject({ state: 'erased', erasedBy: 'admin-dazu' });
      const audit = await withDatabase((client) =>
        client.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM events WHERE stream_id = $1', [`personaldata-text:${stream}`]),
      );
      expect(audit.rows).toEqual([{ type: 'PersonalDataErased', data: expect.objectContaining({ erasedWith: injuredSubject, records: [stream] }) }]);
      expect((audit.rows[0]?.data.retained as unknown[]).length).toBeGreaterThan(0);
    }
  });

});
