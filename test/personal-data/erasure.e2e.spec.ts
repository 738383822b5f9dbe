import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { exportLog } from '../../src/cli/commands/export.command.js';
import { verifyLog } from '../../src/eventstore/ledger/log-verification.js';
import { PostgresEventStore } from '../../src/eventstore/event-store.js';
import { NO_STREAM } from '../../src/eventstore/event.js';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { poolExecutor } from '../../src/shared/database/data-source.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { withClient } from '../support/database.js';
import { type Staff, openCase, setUpAgency } from '../support/cases.js';
import { testMetadata } from '../support/event-store.js';

// Names and numbers no other fixture uses, so a LIKE over the whole database finds only this person.
const NAME = '欧阳明远';
const ID_NUMBER = '500111198203154413';
const PHONE = '13987650123';
const ADDRESS = '重庆市大足区棠香街道翠屏路77号';
const PERSON = { kind: 'person', name: NAME, idNumber: ID_NUMBER, phone: PHONE, address: ADDRESS };
const PLAINTEXTS = [NAME, ID_NUMBER, PHONE, ADDRESS];
const DECISION_NUMBER = '大足应急简罚〔2026〕91号';

let t: TestApp;
let staff: Staff;
let admin: string;
let auditor: string;
let caseId: string;
let subjectId: string;
let work: string;
const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));

const post = (token: string, route: string, body: object) => t.http().post(route).auth(token, { type: 'bearer' }).send(body);
const get = (token: string, route: string) => t.http().get(route).auth(token, { type: 'bearer' });

const withDatabase = <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => withClient(t.database.url, work);

/** Rows of the events table whose stored payload holds any of the person's values as text. */
const plaintextEvents = (): Promise<number> =>
  withDatabase(async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE data::text LIKE ANY (SELECT '%' || p || '%' FROM unnest($1::text[]) AS p)`,
      [PLAINTEXTS],
    );
    return Number(rows[0]?.n ?? 0);
  });

async function exported(name: string): Promise<string> {
  const file = path.join(work, name);
  const output = createWriteStream(file, { flags: 'wx' });
  await once(output, 'open');
  await exportLog(t.database.url, output);
  output.end();
  await once(output, 'close');
  return readFile(file, 'utf8');
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'casetrail-erasure-'));
  t = await startTestApp({ clock });
  staff = await setUpAgency(t);
  admin = t.token({ sub: 'admin-dazu', agency: 'dazu-emb', roles: ['admin'] });
  auditor = t.token({ sub: 'auditor-dazu', agency: 'dazu-emb', roles: ['auditor'] });
  // A simple-procedure fine on a natural person, executed, closed and published.
  caseId = await openCase(t, staff, { party: PERSON });
  await post(staff.officerA.token, `/api/cases/${caseId}/filing`, {
    occurredAt: '2026-03-02T09:10:00+08:00',
    procedure: 'simple',
    violations: [{ description: '在经营场所违规存放易燃物品', legalBasis: '《重庆市安全生产条例》' }],
    approvedBy: staff.head.id,
    intendedPenalties: [{ type: 'fine', amountFen: 10_000 }],
  }).expect(201);
  await post(staff.officerA.token, `/api/cases/${caseId}/decision`, {
    occurredAt: '2026-03-02T09:20:00+08:00',
    procedure: 'simple',
    outcome: 'penalty',
    decisionNumber: DECISION_NUMBER,
    penalties: [{ type: 'fine', amountFen: 10_000 }],
  }).expect(201);
  await post(staff.officerA.token, `/api/cases/${caseId}/delivery`, { occurredAt: '2026-03-02T09:30:00+08:00', method: 'in_person' }).expect(201);
  await post(staff.officerA.token, `/api/cases/${caseId}/payments`, { occurredAt: '2026-03-02T10:00:00+08:00', amountFen: 10_000 }).expect(201);
  await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: '2026-03-02T11:00:00+08:00' }).expect(201);
  await t.settle();
  await post(staff.officerA.token, `/api/publications/${caseId}/publish`, { occurredAt: '2026-03-02T11:30:00+08:00' }).expect(201);
  await t.settle();
});

afterAll(async () => {
  await t?.close();
  await rm(work, { recursive: true, force: true });
});

describe('personal data sealed under a per-person key', () => {
  it('stores none of the person in the events table, while every read path shows them', async () => {
    expect(await plaintextEvents()).toBe(0);
    const read = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(read.body.party).toEqual(PERSON);
    const list = await get(staff.officerA.token, '/api/cases?partyName=欧阳').expect(200);
    expect(list.body.items.map((item: { caseId: string }) => item.caseId)).toContain(caseId);

    const subjects = await get(admin, `/api/personal-data/subjects?record=case-${caseId}`).expect(200);
    // The party, and the officers' free texts of the case, each under a key of their own.
    expect(subjects.body.items.map((item: { subjectId: string }) => item.subjectId)).toEqual([`party:case-${caseId}`, `text:case-${caseId}`]);
    subjectId = `party:case-${caseId}`;
    expect(subjects.body.items[0]).toMatchObject({
      subjectId: `party:case-${caseId}`,
      state: 'active',
      records: [{ recordId: `case-${caseId}`, kind: 'penalty_case', retainedUntil: '2056-03-02' }],
      erasableFrom: '2056-03-02',
    });
  });

  it('still reads a case recorded before sealing, its party stored as plain values', async () => {
    const [opened] = (await get(admin, `/api/cases/${caseId}/events`).expect(200)).body.items as { data: Record<string, unknown> }[];
    const legacyId = randomUUID();
    const legacyParty = { kind: 'person', name: '旧记录', idNumber: '11010519491231002X', phone: null, address: null };
    // A store without the vault writes what the store wrote before this change.
    const unsealed = new PostgresEventStore(poolExecutor(t.app.get(DataSource)));
    await unsealed.append(`case-${legacyId}`, NO_STREAM, [{ type: 'CaseOpened', data: { ...opened?.data, caseId: legacyId, party: legacyParty } }], testMetadata());
    const stored = await withDatabase((client) => client.query<{ data: { party: unknown } }>('SELECT data FROM events WHERE stream_id = $1', [`case-${legacyId}`]));
    expect(stored.rows[0]?.data.party).toEqual(legacyParty);
    expect((await get(staff.officerA.token, `/api/cases/${legacyId}`).expect(200)).body.party).toEqual(legacyParty);
  });

  it('lets only an administrator see or change a subject', async () => {
    await get(staff.officerA.token, `/api/personal-data/subjects/${subjectId}`).expect(403);
    await get(auditor, `/api/personal-data/subjects/${subjectId}`).expect(403);
    await post(staff.head.token, `/api/personal-data/subjects/${subjectId}/erase`, { reason: '申请删除' }).expect(403);
  });
});

describe('before the retention has passed', () => {
  it('refuses the erasure with RETENTION_NOT_PASSED and changes nothing', async () => {
    const versionBefore = (await get(admin, `/api/cases/${caseId}`).expect(200)).body.version as number;
    const refused = await post(admin, `/api/personal-data/subjects/${subjectId}/erase`, { reason: '当事人申请删除' }).expect(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'RETENTION_NOT_PASSED', erasableFrom: '2056-03-02' });
    const status = await get(admin, `/api/personal-data/subjects/${subjectId}`).expect(200);
    expect(status.body).toMatchObject({ state: 'active', erasedAt: null });
    const read = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(read.body).toMatchObject({ party: PERSON, version: versionBefore });
    const audit = await withDatabase((client) => client.query('SELECT 1 FROM events WHERE stream_id = $1', [`personaldata-${subjectId}`]));
    expect(audit.rowCount).toBe(0);
  });

  it('restricts processing: out of public output and officers\' reads, still there for administrators and auditors', async () => {
    const before = await t.http().get(`/public/decisions/${caseId}`).expect(200);
    expect(before.text).toContain('欧阳');

    const restricted = await post(admin, `/api/personal-data/subjects/${subjectId}/restrict`, { reason: '当事人依法申请限制处理' }).expect(201);
    expect(restricted.body).toMatchObject({ state: 'restricted', reason: '当事人依法申请限制处理' });

    const feed = await t.http().get(`/api/public/penalties?from=2026-03-02&to=2026-03-02`).expect(200);
    const record = feed.body.items.find((item: { decisionNumber: string }) => item.decisionNumber === DECISION_NUMBER);
    expect(record).toMatchObject({ partyName: '[已限制]', partyKind: 'person' });
    const page = await t.http().get(`/public/decisions/${caseId}`).expect(200);
    expect(page.text).toContain(DECISION_NUMBER);
    expect(page.text).not.toContain('欧阳');
    expect(page.text).toContain('[已限制]');

    const officerRead = await get(staff.officerA.token, `/api/cases/${caseId}`).expect(200);
    expect(officerRead.body.party).toEqual({ kind: 'person', name: '[已限制]', idNumber: '[已限制]', phone: '[已限制]', address: '[已限制]' });
    const timeline = await get(staff.officerA.token, `/api/cases/${caseId}/events`).expect(200);
    expect(JSON.stringify(timeline.body)).not.toMatch(new RegExp(PLAINTEXTS.join('|')));
    const list = await get(staff.officerA.token, '/api/cases?status=closed').expect(200);
    expect(list.body.items.find((item: { caseId: string }) => item.caseId === caseId).party.name).toBe('[已限制]');

    expect((await get(auditor, `/api/cases/${caseId}`).expect(200)).body.party).toEqual(PERSON);
    expect((await get(admin, `/api/cases/${caseId}/events`).expect(200)).body.items[0].data.party).toEqual(PERSON);

    const audit = await withDatabase((client) =>
      client.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM events WHERE stream_id = $1', [`personaldata-${subjectId}`]),
    );
    expect(audit.rows).toEqual([
      { type: 'PersonalDataRestricted', data: expect.objectContaining({ subjectId, restrictedBy: 'admin-dazu', reason: '当事人依法申请限制处理' }) },
    ]);
  });
});

describe('after the retention has passed', () => {
  it('erases the person from case reads, projections after a full rebuild, public pages and exports; every chain and the ledger still verify', async () => {
    const exportBefore = await exported('before.ndjson');
    clock.set('2056-03-02T09:00:00+08:00');
    const erased = await post(admin, `/api/personal-data/subjects/${subjectId}/erase`, { reason: '保存期限届满，当事人申请删除' }).expect(201);
    expect(erased.body).toMatchObject({ state: 'erased', erasedBy: 'admin-dazu', reason: '保存期限届满，当事人申请删除' });
    const key = await withDatabase((client) => client.query<{ key: Buffer | null }>('SELECT key FROM personal_data_keys WHERE subject_id = $1', [subjectId]));
    expect(key.rows).toEqual([{ key: null }]);

    // Every read model emptied and replayed from the log, which now opens to the placeholders.
    const runner = t.app.get(ProjectionRunner);
    for (const name of runner.names({ rebuildable: true })) await runner.rebuild(name);
    await t.settle();

    const gone = { kind: 'person', name: '[已删除]', idNumber: '[已删除]', phone: null, address: null };
    for (const token of [admin, auditor, staff.officerA.token]) {
      expect((await get(token, `/api/cases/${caseId}`).expect(200)).body.party).toEqual(gone);
      const timeline = await get(token, `/api/cases/${caseId}/events`).expect(200);
      expect(JSON.stringify(timeline.body)).not.toMatch(new RegExp(PLAINTEXTS.join('|')));
    }
    const list = await get(admin, '/api/cases?status=closed').expect(200);
    expect(list.body.items.find((item: { caseId: string }) => item.caseId === caseId).party.name).toBe('[已删除]');
    expect((await get(admin, '/api/cases?partyName=欧阳').expect(200)).body.items).toEqual([]);
    const publications = await get(staff.officerA.token, '/api/publications?status=published').expect(200);
    expect(JSON.stringify(publications.body)).toContain(DECISION_NUMBER);
    expect(JSON.stringify(publications.body)).not.toContain('欧阳');

    const page = await t.http().get(`/public/decisions/${caseId}`).expect(200);
    expect(page.text).toContain(DECISION_NUMBER);
    expect(page.text).not.toContain('欧阳');
    const feed = await t.http().get('/api/public/penalties?from=2026-03-02&to=2026-03-02').expect(200);
    expect(feed.body.items.find((item: { decisionNumber: string }) => item.decisionNumber === DECISION_NUMBER)).toMatchObject({ partyName: '[已删除]' });

    // The read models hold no copy either, whatever table they are in.
    const copies = await withDatabase(async (client) => {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      const found: string[] = [];
      for (const { table_name: table } of rows) {
        const hit = await client.query(`SELECT 1 FROM "${table}" x WHERE x::text LIKE '%欧阳明远%' LIMIT 1`);
        if (hit.rowCount) found.push(table);
      }
      return found;
    });
    expect(copies).toEqual([]);

    expect(await plaintextEvents()).toBe(0);
    const exportAfter = await exported('after.ndjson');
    for (const text of [exportBefore, exportAfter]) for (const plain of PLAINTEXTS) expect(text).not.toContain(plain);

    const verification = await verifyLog(t.database.url);
    expect(verification.ok).toBe(true);
    expect((await get(admin, `/api/cases/${caseId}/integrity`).expect(200)).body).toMatchObject({ ok: true });

    const audit = await withDatabase((client) =>
      client.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM events WHERE stream_id = $1 ORDER BY stream_version', [
        `personaldata-${subjectId}`,
      ]),
    );
    expect(audit.rows.map((row) => row.type)).toEqual(['PersonalDataRestricted', 'PersonalDataErased']);
    expect(audit.rows[1]?.data).toMatchObject({ subjectId, erasedBy: 'admin-dazu', records: [`case-${caseId}`], retentionPassedOn: '2056-03-02' });
    await post(admin, `/api/personal-data/subjects/${subjectId}/erase`, { reason: '再次删除' }).expect(409);
  });
});
