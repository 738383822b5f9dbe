import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { type TestApp, startTestApp } from '../support/app.js';
import { type Staff, openCase, setUpAgency } from '../support/cases.js';
import { eventually } from '../support/eventually.js';

/**
 * A request cut off half-way, seen from PostgreSQL: its connection dies (as when its process is killed) after it
 * appended its events, before it committed; or it commits and its answer never reaches the client. The fault
 * scenario `test/faults/kill-app-idempotency.fault.ts` does the same with a real `kill -9` of a server process.
 *
 * To stop a request at a known point, the test holds an uncommitted row for the request's Idempotency-Key: the
 * server stores its response in the transaction of its events, as the last statement before the commit, and that
 * insert waits for the test's transaction.
 */

let t: TestApp;
let staff: Staff;
let caseId: string;
let db: pg.Pool;

beforeAll(async () => {
  t = await startTestApp();
  staff = await setUpAgency(t);
  caseId = await openCase(t, staff);
  db = new pg.Pool({ connectionString: t.database.url, max: 4 });
});
afterAll(async () => {
  await db?.end();
  await t?.close();
});

const hazard = (n: number) => ({ occurredAt: '2026-03-02T02:10:00.000Z', description: `消防通道堵塞 ${n}`, severity: 'general' });

const hazardsOnCase = async (): Promise<string[]> =>
  (
    await db.query<{ hazard_id: string }>(
      `SELECT data->>'hazardId' AS hazard_id FROM events WHERE stream_id = $1 AND type = 'HazardFound' ORDER BY stream_version`,
      [`case-${caseId}`],
    )
  ).rows.map((row) => row.hazard_id);

const storedKeys = async (key: string): Promise<number> =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key])).rows[0]?.n ?? -1;

/** Holds the key in an open transaction of the test's own; the server's response insert waits for it to end. */
async function holdKey(actorId: string, key: string): Promise<pg.PoolClient> {
  const client = await db.connect();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO idempotency_keys (actor_id, key, request_hash, response_status, response_body, response_headers)
     VALUES ($1, $2, 'held by the test', 0, 'null', '{}')`,
    [actorId, key],
  );
  return client;
}

/** The server's connection whose response insert waits on the held key, once it does. */
async function waitingToStore(): Promise<number> {
  return eventually(
    async () =>
      (
        await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
             AND query LIKE 'INSERT INTO idempotency_keys%'`,
        )
      ).rows[0]?.pid,
    (pid): pid is number => pid !== undefined,
    { what: 'a server connection waiting to store its response' },
  );
}

/** Whether that connection's open transaction has written events (its append ran, uncommitted). */
const hasAppended = async (pid: number): Promise<boolean> =>
  (
    await db.query(`SELECT 1 FROM pg_locks WHERE pid = $1 AND relation = 'events'::regclass AND mode = 'RowExclusiveLock'`, [
      pid,
    ])
  ).rows.length > 0;

async function waitForStoredKey(key: string): Promise<void> {
  await eventually(() => storedKeys(key), (stored) => stored === 1, { what: `the response of ${key} to be stored` });
}

const post = (key: string, n: number) =>
  t.http().post(`/api/cases/${caseId}/hazards`).auth(staff.officerA.token, { type: 'bearer' }).set('Idempotency-Key', key).send(hazard(n));

describe('a request cut off between its append and its answer', () => {
  it('leaves nothing when its connection dies before the commit, so the retry runs at once', async () => {
    const key = 'hazard-cut-before-commit';
    const before = await hazardsOnCase();
    const held = await holdKey(staff.officerA.id, key);
    let cutOff: Awaited<ReturnType<typeof post>>;
    try {
      const pending = post(key, 1).then((response) => response);
      const pid = await waitingToStore();
      expect(await hasAppended(pid)).toBe(true);
      // What PostgreSQL sees of a process killed here: its connection is gone, and its transaction with it.
      await db.query('SELECT pg_terminate_backend($1)', [pid]);
      cutOff = await pending;
    } finally {
      await held.query('ROLLBACK');
      held.release();
    }
    expect(cutOff.status).toBe(503);
    expect(await hazardsOnCase()).toEqual(before);
    expect(await storedKeys(key)).toBe(0);

    const retry = await post(key, 1).expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(await hazardsOnCase()).toEqual([...before, retry.body.hazardId]);

    const again = await post(key, 1).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(retry.body);
    expect(await hazardsOnCase()).toEqual([...before, retry.body.hazardId]);
  });

  it('replays the stored answer when the request committed but its answer never reached the client', async () => {
    const key = 'hazard-answer-lost';
    const before = await hazardsOnCase();
    const held = await holdKey(staff.officerA.id, key);
    try {
      const lost = post(key, 2);
      const pending = lost.then(
        () => 'answered',
        () => 'aborted',
      );
      await waitingToStore();
      // The client gives up; the server goes on and commits, writing its answer to a closed connection.
      lost.abort();
      expect(await pending).toBe('aborted');
    } finally {
      await held.query('ROLLBACK');
      held.release();
    }
    await waitForStoredKey(key);
    const committed = await hazardsOnCase();
    expect(committed).toHaveLength(before.length + 1);

    const retry = await post(key, 2).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.etag).toBe(`"${retry.body.version}"`);
    // The answer of the first run, naming the hazard it recorded; nothing was recorded again.
    expect(retry.body.hazardId).toBe(committed.at(-1));
    expect(await hazardsOnCase()).toEqual(committed);
  });

  it('runs concurrent repeats once: the others roll back what they appended and answer with the stored response', async () => {
    const before = await hazardsOnCase();
    // Each repeat runs its command; the first to store its answer commits, the others wait for it, then roll back.
    const repeats = await Promise.all(Array.from({ length: 4 }, () => post('hazard-repeated-concurrently', 3)));
    expect(repeats.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    for (const repeat of repeats) expect(repeat.body).toEqual(repeats[0]?.body);
    expect(repeats.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    expect(await hazardsOnCase()).toEqual([...before, repeats[0]?.body.hazardId]);
  });
});
