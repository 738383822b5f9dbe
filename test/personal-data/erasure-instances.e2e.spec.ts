import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { ErasureFollower } from '../../src/personal-data/erasure-propagation.js';
import { ControlledClock } from '../../src/shared/clock.js';
import { type TestApp, dropQueues, startTestApp } from '../support/app.js';
import { type Staff, openCase, setUpAgency } from '../support/cases.js';
import { type TestDatabase, createTestDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';

// Three persons no other fixture uses; the third is the party of two cases.
const P1 = { kind: 'person', name: '上官云舒', idNumber: '500111197506121235', phone: '13987650001', address: '重庆市大足区龙水镇一号' };
const P2 = { kind: 'person', name: '司马青禾', idNumber: '500111198803014561', phone: '13987650002', address: '重庆市大足区宝顶镇二号' };
const P3 = { kind: 'person', name: '诸葛远航', idNumber: '500111199109207894', phone: null, address: null };
const GONE = { kind: 'person', name: '[已删除]', idNumber: '[已删除]', phone: null, address: null };

const clock = new ControlledClock(new Date('2026-03-02T12:00:00+08:00'));
// On the prototype before any app starts: every runner's rebuilds, by the runner (the instance) that made them.
const rebuilds = jest.spyOn(ProjectionRunner.prototype, 'rebuild');

let database: TestDatabase;
/** Started first: it holds every projection. Instance 2 of the brief: it reads, another instance erases. */
let holder: TestApp;
/** Started second, on the same database: every projection stands by here. Instance 1: it erases. */
let eraser: TestApp;
let restarted: TestApp | null = null;
let staff: Staff;
let admin: string;
let district: string;
const cases: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };

/** A simple-procedure fine on `party`, delivered, paid and closed on 2026-03-02 (retention: 30 years from closure). */
async function closedFine(party: object, decisionNumber: string): Promise<string> {
  const post = (token: string, route: string, body: object) => holder.http().post(route).auth(token, { type: 'bearer' }).send(body).expect(201);
  const caseId = await openCase(holder, staff, { party });
  await post(staff.officerA.token, `/api/cases/${caseId}/filing`, {
    occurredAt: '2026-03-02T09:10:00+08:00',
    procedure: 'simple',
    violations: [{ description: '在经营场所违规存放易燃物品', legalBasis: '《重庆市安全生产条例》' }],
    approvedBy: staff.head.id,
    intendedPenalties: [{ type: 'fine', amountFen: 10_000 }],
  });
  await post(staff.officerA.token, `/api/cases/${caseId}/decision`, {
    occurredAt: '2026-03-02T09:20:00+08:00',
    procedure: 'simple',
    outcome: 'penalty',
    decisionNumber,
    penalties: [{ type: 'fine', amountFen: 10_000 }],
  });
  await post(staff.officerA.token, `/api/cases/${caseId}/delivery`, { occurredAt: '2026-03-02T09:30:00+08:00', method: 'in_person' });
  await post(staff.officerA.token, `/api/cases/${caseId}/payments`, { occurredAt: '2026-03-02T10:00:00+08:00', amountFen: 10_000 });
  await post(staff.head.token, `/api/cases/${caseId}/closure`, { occurredAt: '2026-03-02T11:00:00+08:00' });
  return caseId;
}

const get = (t: TestApp, token: string, route: string) => t.http().get(route).auth(token, { type: 'bearer' }).expect(200);
const partyOf = async (t: TestApp, caseId: string): Promise<unknown> => (await get(t, staff.officerA.token, `/api/cases/${caseId}`)).body.party;
/** The party as the case list (the case-summaries read model) shows it. */
const listedParty = async (t: TestApp, caseId: string): Promise<unknown> => {
  const list = await get(t, staff.officerA.token, '/api/cases?status=closed');
  return (list.body.items as { caseId: string; party: unknown }[]).find((item) => item.caseId === caseId)?.party;
};
const partiesPenalized = async (t: TestApp): Promise<number> =>
  (await get(t, district, '/api/reports/statistics?from=2026-03-01&to=2026-03-31')).body.figures.partiesPenalized as number;

/** The read models whose rebuild for the latest erasure is done, by the rows the follower keeps. */
async function rebuiltAfterLatest(): Promise<string[]> {
  const rows = await holder.app.get(DataSource).query<{ projection: string }[]>(
    `SELECT projection FROM personal_data_erasure_rebuilds
     WHERE (rebuilt_transaction_id, rebuilt_position) = (erased_transaction_id, erased_position) ORDER BY projection`,
  );
  return rows.map((row) => row.projection);
}

/** The rebuilds a runner made that succeeded (a refused one is a standby worker's: the projection is held elsewhere). */
async function succeeded(runner: ProjectionRunner): Promise<string[]> {
  const outcomes = await Promise.all(
    rebuilds.mock.calls.map(async ([name], index) => {
      if (rebuilds.mock.contexts[index] !== runner) return null;
      const result = rebuilds.mock.results[index];
      const ok = await Promise.resolve(result?.type === 'return' ? result.value : Promise.reject(new Error('threw'))).then(() => true, () => false);
      return ok ? name : null;
    }),
  );
  return outcomes.filter((name): name is string => name !== null).sort();
}

async function erase(caseId: string): Promise<void> {
  await eraser.http().post(`/api/personal-data/subjects/party:case-${caseId}/erase`).auth(admin, { type: 'bearer' }).send({ reason: '保存期限届满，当事人申请删除' }).expect(201);
}

beforeAll(async () => {
  database = await createTestDatabase();
  holder = await startTestApp({ clock, database });
  staff = await setUpAgency(holder);
  admin = holder.token({ sub: 'admin-dazu', agency: 'dazu-emb', roles: ['admin'] });
  district = holder.token({ sub: 'district-1', agency: 'dazu-district', roles: ['district'] });
  cases.a = await closedFine(P1, '大足应急简罚〔2026〕101号');
  cases.b = await closedFine(P2, '大足应急简罚〔2026〕102号');
  cases.c = await closedFine(P3, '大足应急简罚〔2026〕103号');
  cases.d = await closedFine(P3, '大足应急简罚〔2026〕104号');
  await holder.settle();
  eraser = await startTestApp({ clock, database });
  await eraser.settle();
});

afterAll(async () => {
  await restarted?.close();
  await eraser?.close();
  await holder?.close();
  await database?.drop();
  if (database) await dropQueues(database.name);
  rebuilds.mockRestore();
});

describe('an erasure in one instance of two', () => {
  it('reaches the other instance\'s cached case and read models, each read model rebuilt once, where it is held', async () => {
    const holderRunner = holder.app.get(ProjectionRunner);
    const eraserRunner = eraser.app.get(ProjectionRunner);
    const health = await holderRunner.health(holder.app.get(DataSource));
    expect(health.every((projection) => projection.state === 'active')).toBe(true);
    const names = holderRunner.names({ rebuildable: true }).sort();

    // The holder folds and caches the cases as they are now; one person of two cases and two others: three parties.
    expect(await partyOf(holder, cases.a)).toEqual(P1);
    expect(await partyOf(holder, cases.b)).toEqual(P2);
    expect(await listedParty(holder, cases.a)).toMatchObject({ name: P1.name });
    expect(await partiesPenalized(holder)).toBe(3);

    clock.set('2056-03-03T09:00:00+08:00');
    await erase(cases.a);
    // No rebuild asked for: the holder drops its folded states and rebuilds its read models from the log.
    expect(await eventually(() => partyOf(holder, cases.a), (party) => isDeepStrictEqual(party, GONE), { what: 'the holder\'s case read erased' })).toEqual(GONE);
    expect(await partyOf(eraser, cases.a)).toEqual(GONE);
    await eventually(rebuiltAfterLatest, (done) => done.length === names.length, { what: 'every read model rebuilt after the erasure' });
    expect(await rebuiltAfterLatest()).toEqual(names);
    expect(await listedParty(holder, cases.a)).toMatchObject({ name: '[已删除]' });
    expect(await listedParty(eraser, cases.a)).toMatchObject({ name: '[已删除]' });
    // Once each, by the instance that holds it; the erasing instance holds none, so it rebuilt none.
    expect(await succeeded(holderRunner)).toEqual(names);
    expect(await succeeded(eraserRunner)).toEqual([]);

    // The second person: the holder had cached that case too.
    await erase(cases.b);
    await eventually(() => partyOf(holder, cases.b), (party) => isDeepStrictEqual(party, GONE), { what: 'the second erasure in the holder' });
    await eventually(rebuiltAfterLatest, (done) => done.length === names.length, { what: 'every read model rebuilt after the second erasure' });
    expect(await listedParty(holder, cases.b)).toMatchObject({ name: '[已删除]' });
    expect(await succeeded(holderRunner)).toEqual([...names, ...names].sort());
    expect(await succeeded(eraserRunner)).toEqual([]);

    // Statistics keep the two erased persons apart, and the one person of two cases one party.
    expect(await partiesPenalized(holder)).toBe(3);
    expect(await partyOf(holder, cases.c)).toEqual(P3);
  });

  it('rebuilds nothing again after a restart, wherever the read models move', async () => {
    const before = rebuilds.mock.calls.length;
    await holder.close();
    // The erasing instance takes the projections over; a third instance starts on the same database.
    restarted = await startTestApp({ clock, database });
    await eraser.settle();
    const eraserRunner = eraser.app.get(ProjectionRunner);
    const health = await eraserRunner.health(eraser.app.get(DataSource));
    expect(health.every((projection) => projection.state === 'active')).toBe(true);
    await eraser.app.get(ErasureFollower).catchUp();
    await restarted.app.get(ErasureFollower).catchUp();
    expect(await succeeded(eraserRunner)).toEqual([]);
    expect(await succeeded(restarted.app.get(ProjectionRunner))).toEqual([]);
    expect(rebuilds.mock.calls.length).toBe(before);
    expect(await partyOf(restarted, cases.a)).toEqual(GONE);
    expect(await listedParty(restarted, cases.b)).toMatchObject({ name: '[已删除]' });
    expect(await partiesPenalized(restarted)).toBe(3);
  });
});
