import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { NO_STREAM } from '../../src/eventstore/event.js';
import { PostgresEventStore } from '../../src/eventstore/event-store.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { testMetadata } from '../support/event-store.js';

const PARTY = { kind: 'person', name: '司马青云', idNumber: '11010519491231002X', phone: '13600001111', address: null };
const opened = (caseId: string) => ({
  type: 'CaseOpened',
  data: { caseId, agencyId: 'dazu-emb', source: 'routine', campaign: null, party: PARTY, officerIds: [], location: '某地', summary: '检查' },
});
const hazard = { type: 'HazardFound', data: { hazardId: randomUUID(), description: '司马青云的仓库堆放杂物', severity: 'general', legalBasis: null, workHalted: false } };

let t: TestApp;
let store: PostgresEventStore;

beforeAll(async () => {
  t = await startTestApp();
  store = t.app.get(PostgresEventStore);
});

afterAll(async () => {
  await t?.close();
});

describe('the keys an instance remembers', () => {
  it('are never keys of a transaction that rolled back: the same subjects appended again get keys of their own, and read', async () => {
    const caseId = randomUUID();
    const stream = `case-${caseId}`;
    // Two appends in one transaction: the second sees the first's keys as existing rows, not yet committed.
    await expect(
      t.app.get(DataSource).transaction(async (manager) => {
        await store.append(stream, NO_STREAM, [opened(caseId)], testMetadata(), manager);
        await store.append(stream, 1, [hazard], testMetadata(), manager);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const keys = await t.app.get(DataSource).query<{ n: string }[]>('SELECT count(*) AS n FROM personal_data_keys WHERE subject_id LIKE $1', [`%${stream}%`]);
    expect(Number(keys[0]?.n)).toBe(0);

    await store.append(stream, NO_STREAM, [opened(caseId)], testMetadata());
    await store.append(stream, 1, [hazard], testMetadata());
    store.aggregates.forget();
    const events = await store.readStream(stream);
    expect(events.map((event) => event.data)).toEqual([expect.objectContaining({ party: PARTY, summary: '检查' }), expect.objectContaining({ description: hazard.data.description })]);
    const stored = await t.app.get(DataSource).query<{ subject_id: string }[]>('SELECT subject_id FROM personal_data_keys WHERE subject_id LIKE $1 ORDER BY 1', [`%${stream}%`]);
    expect(stored.map((row) => row.subject_id)).toEqual([`party:${stream}`, `text:${stream}`]);
  });

  it('are dropped by forgetOpened, so a key destroyed in the database is not used again', async () => {
    const caseId = randomUUID();
    const stream = `case-${caseId}`;
    await store.append(stream, NO_STREAM, [opened(caseId)], testMetadata());
    expect((await store.readStream(stream))[0]?.data).toMatchObject({ party: PARTY });
    // As an erasure in another instance does it; its follower then tells this one.
    await t.app.get(DataSource).query("UPDATE personal_data_keys SET erased_at = now(), erased_by = 'admin', reason = 'test' WHERE subject_id = $1", [`party:${stream}`]);
    store.forgetOpened();
    expect((await store.readStream(stream))[0]?.data).toMatchObject({ party: { kind: 'person', name: '[已删除]', idNumber: '[已删除]', phone: null, address: null } });
    await expect(store.append(stream, 1, [{ type: 'CaseOpened', data: { party: PARTY } }], testMetadata())).rejects.toMatchObject({ code: 'PERSONAL_DATA_ERASED' });
  });
});
