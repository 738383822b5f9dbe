import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Environment, startEnvironment } from './support/environment.js';
import { report } from './support/report.js';
import { waitFor } from './support/services.js';
import { type Answer, call } from './support/workload.js';

/**
 * `kill -9` of the server at three points of one command with an Idempotency-Key, each reached on purpose rather than
 * by chance: before its append, after its append with its transaction still open, and after its commit with the
 * answer not delivered. The retry with the same key, right after the restart, must run the command in the first two
 * (it left nothing behind) and replay the stored answer in the third (it is done), never wait for the key, and never
 * record the command twice.
 *
 * The scenario holds a lock in PostgreSQL that the command needs next, waits until the server's connection is seen
 * waiting on it, and kills the server there.
 */

let env: Environment;
let caseId: string;
const officer = (): { id: string; token: string } => env.staff.officer;

beforeAll(async () => {
  env = await startEnvironment('kill9-key');
  const opened = await call(env.apps[0]!.url, 'POST', '/api/cases', officer().token, {
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    source: 'routine',
    party: { kind: 'organization', name: '重庆某机械制造有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' },
    officerIds: [env.staff.officer.id, env.staff.partner.id],
    location: '大足区龙岗街道某工业园3号厂房',
    summary: '日常检查',
  }, 'open-the-case');
  expect(opened.status).toBe(201);
  caseId = (opened.body as { caseId: string }).caseId;
});
afterAll(async () => {
  await env?.close();
});

const hazardPath = (): string => `/api/cases/${caseId}/hazards`;
// A retry sends the same body: the instant is fixed once.
const FOUND_AT = new Date(Date.now() - 600_000).toISOString();
const hazardBody = (n: number) => ({ occurredAt: FOUND_AT, description: `消防通道堵塞 ${n}`, severity: 'general' });
const postHazard = (key: string, n: number, signal?: AbortSignal): Promise<Answer> =>
  signal ? abortable(key, n, signal) : call(env.apps[0]!.url, 'POST', hazardPath(), officer().token, hazardBody(n), key);

/** The same request as `call`, which the scenario abandons on its side while the server still works on it. */
async function abortable(key: string, n: number, signal: AbortSignal): Promise<Answer> {
  try {
    await fetch(`${env.apps[0]!.url}${hazardPath()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer().token}`, 'idempotency-key': key },
      body: JSON.stringify(hazardBody(n)),
      signal,
    });
  } catch {
    // Abandoned, as intended.
  }
  return { status: null, body: null, contentType: null, error: 'abandoned', ms: 0, replayed: false };
}

const hazards = async (): Promise<string[]> =>
  (
    await env.pool.query<{ hazard_id: string }>(
      `SELECT data->>'hazardId' AS hazard_id FROM events WHERE stream_id = $1 AND type = 'HazardFound' ORDER BY stream_version`,
      [`case-${caseId}`],
    )
  ).rows.map((row) => row.hazard_id);

const keyRows = async (key: string): Promise<number> =>
  (await env.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key])).rows[0]?.n ?? -1;

/** Runs `sql` in a transaction of the scenario's own, left open: what it locks stays locked until `release`. */
async function hold(sql: string, parameters: unknown[] = []): Promise<{ release(): Promise<void> }> {
  const client = await env.pool.connect();
  await client.query('BEGIN');
  await client.query(sql, parameters);
  return {
    release: async () => {
      await client.query('ROLLBACK');
      client.release();
    },
  };
}

/** The pid of the server's connection that waits on a lock while running a statement like `pattern`. */
const waiting = (pattern: string): Promise<number> =>
  waitFor(`a server connection waiting on a lock in ${pattern}`, async () => {
    const { rows } = await env.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE application_name = 'casetrail' AND wait_event_type = 'Lock' AND query LIKE $1`,
      [pattern],
    );
    return rows[0]?.pid;
  }, 30_000, 50);

/** Whether the connection's open transaction has inserted events (they are not visible to anyone else yet). */
const hasAppended = async (pid: number): Promise<boolean> =>
  (
    await env.pool.query(`SELECT 1 FROM pg_locks WHERE pid = $1 AND relation = 'events'::regclass AND mode = 'RowExclusiveLock'`, [pid])
  ).rows.length > 0;

/**
 * A server connection blocked on a lock does not see its client die until it runs again; once the lock is let go it
 * finds the process gone, and PostgreSQL rolls its transaction back.
 */
const gone = (pid: number): Promise<true> =>
  waitFor(`connection ${pid} of the killed server to end`, async () => {
    const { rows } = await env.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    return rows.length === 0 ? true : undefined;
  }, 30_000, 50);

const figures: Record<string, unknown> = {};

describe('kill -9 in the middle of one command with an Idempotency-Key', () => {
  it('before its append: the retry after the restart runs the command at once', async () => {
    const key = 'hazard-killed-before-append';
    const before = await hazards();
    // Reading the case's stream is the command's next step; the lock keeps it there.
    const lock = await hold('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
    const cutOff = postHazard(key, 1);
    const pid = await waiting('%FROM events%WHERE stream_id = $1 AND stream_version >= $2%');
    await env.apps[0]!.kill();
    expect((await cutOff).status).toBeNull();
    await lock.release();
    await gone(pid);
    expect(await keyRows(key)).toBe(0);

    await env.apps[0]!.start();
    const retry = await postHazard(key, 1);
    expect(retry).toMatchObject({ status: 201, replayed: false });
    expect(await hazards()).toEqual([...before, (retry.body as { hazardId: string }).hazardId]);
    figures.beforeAppend = { retry: retry.status, replayed: retry.replayed };
  });

  it('after its append, before its commit: nothing of it stays, and the retry runs the command at once', async () => {
    const key = 'hazard-killed-after-append';
    const before = await hazards();
    // The response is stored in the transaction of the events, as its last statement: the held key keeps it there.
    const lock = await hold(
      `INSERT INTO idempotency_keys (actor_id, key, request_hash, response_status, response_body, response_headers)
       VALUES ($1, $2, 'held by the scenario', 0, 'null', '{}')`,
      [officer().id, key],
    );
    const cutOff = postHazard(key, 2);
    const pid = await waiting('INSERT INTO idempotency_keys%');
    expect(await hasAppended(pid)).toBe(true);
    await env.apps[0]!.kill();
    expect((await cutOff).status).toBeNull();
    await lock.release();
    await gone(pid);
    expect(await hazards()).toEqual(before);
    expect(await keyRows(key)).toBe(0);

    await env.apps[0]!.start();
    const retry = await postHazard(key, 2);
    expect(retry).toMatchObject({ status: 201, replayed: false });
    const hazardId = (retry.body as { hazardId: string }).hazardId;
    expect(await hazards()).toEqual([...before, hazardId]);
    const again = await postHazard(key, 2);
    expect(again).toMatchObject({ status: 201, replayed: true, body: retry.body });
    expect(await hazards()).toEqual([...before, hazardId]);
    figures.afterAppend = { retry: retry.status, replayed: retry.replayed };
  });

  it('after its commit, the answer not delivered: the retry after the restart replays it and records nothing again', async () => {
    const key = 'hazard-killed-after-commit';
    const before = await hazards();
    const lock = await hold(
      `INSERT INTO idempotency_keys (actor_id, key, request_hash, response_status, response_body, response_headers)
       VALUES ($1, $2, 'held by the scenario', 0, 'null', '{}')`,
      [officer().id, key],
    );
    const abandon = new AbortController();
    const cutOff = postHazard(key, 3, abandon.signal);
    await waiting('INSERT INTO idempotency_keys%');
    // The client is gone before the server commits: the answer goes nowhere.
    abandon.abort();
    await cutOff;
    await lock.release();
    await waitFor('the command to commit with its response', async () => ((await keyRows(key)) === 1 ? true : undefined), 30_000, 50);
    await env.apps[0]!.kill();
    const committed = await hazards();
    expect(committed).toHaveLength(before.length + 1);

    await env.apps[0]!.start();
    const retry = await postHazard(key, 3);
    expect(retry).toMatchObject({ status: 201, replayed: true });
    expect((retry.body as { hazardId: string }).hazardId).toBe(committed.at(-1));
    expect(await hazards()).toEqual(committed);
    figures.afterCommit = { retry: retry.status, replayed: retry.replayed };
    report('kill-9-idempotency', { ...figures, hazards: committed.length });
  });
});
