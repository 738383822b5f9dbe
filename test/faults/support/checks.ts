import { expect } from '@jest/globals';
import pg from 'pg';
import { PostgresEventStore, type VerifyResult } from '../../../src/eventstore/event-store.js';
import type { SqlExecutor } from '../../../src/shared/database/sql-executor.js';
import { call, type Attempt, type Ledger } from './workload.js';
import { waitFor } from './services.js';

/** What the scenarios check, straight from the private database and over HTTP. */

export function executorOf(pool: pg.Pool): SqlExecutor {
  return { query: async <T>(sql: string, parameters?: unknown[]): Promise<T> => (await pool.query(sql, parameters)).rows as T };
}

/** Acknowledged commands whose event is not at the version the server answered, with the type it must have. */
export async function missingAcknowledged(pool: pg.Pool, ledger: Ledger): Promise<string[]> {
  const acked = ledger.acknowledged().filter((a): a is Attempt & { caseId: string } => a.caseId !== null);
  const streams = acked.map((a) => `case-${a.caseId}`);
  const versions = acked.map((a) => (a.answer.body as { version?: number }).version ?? -1);
  const { rows } = await pool.query<{ stream_id: string; stream_version: string; type: string }>(
    `SELECT e.stream_id, e.stream_version, e.type FROM unnest($1::text[], $2::bigint[]) AS k(stream_id, stream_version)
     JOIN events e USING (stream_id, stream_version)`,
    [streams, versions],
  );
  const found = new Map(rows.map((row) => [`${row.stream_id}@${row.stream_version}`, row.type]));
  const missing: string[] = [];
  acked.forEach((attempt, i) => {
    const where = `${streams[i]}@${versions[i]}`;
    const type = found.get(where);
    if (type !== attempt.command.eventType) missing.push(`${attempt.command.key} ${attempt.command.path} -> ${where}: ${type ?? 'absent'}`);
  });
  return missing;
}

/** Streams whose head disagrees with their events: a gap, a missing tail, or events without a head. */
export async function versionGaps(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ stream_id: string }>(
    `SELECT coalesce(s.stream_id, e.stream_id) AS stream_id
     FROM streams s FULL JOIN (SELECT stream_id, count(*) AS n, max(stream_version) AS top FROM events GROUP BY stream_id) e
       ON e.stream_id = s.stream_id
     WHERE s.version IS DISTINCT FROM e.n OR s.version IS DISTINCT FROM e.top`,
  );
  return rows.map((row) => row.stream_id);
}

/** Every stream's hash chain, re-verified by the event store's own check. */
export async function brokenChains(pool: pg.Pool): Promise<{ streams: number; broken: VerifyResult[] }> {
  const store = new PostgresEventStore(executorOf(pool));
  const { rows } = await pool.query<{ stream_id: string }>('SELECT stream_id FROM streams ORDER BY stream_id');
  const broken: VerifyResult[] = [];
  for (const { stream_id } of rows) {
    const result = await store.verifyStream(stream_id);
    if (!result.ok) broken.push(result);
  }
  return { streams: rows.length, broken };
}

/** Events recorded twice: the same command's effect under two event ids (one hazard description, one decision). */
export async function duplicatedEffects(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ what: string }>(
    `SELECT stream_id || ' ' || type || ' ' || coalesce(data->>'description', data->>'decisionNumber', '') || ' x' || count(*) AS what
     FROM events WHERE type IN ('HazardFound', 'DecisionMade', 'CaseFiled')
     GROUP BY stream_id, type, coalesce(data->>'description', data->>'decisionNumber', '')
     HAVING count(*) > 1`,
  );
  return rows.map((row) => row.what);
}

export interface ProjectionState {
  readonly name: string;
  readonly state: string;
  readonly lag: number;
  readonly lastError: string | null;
}

export interface Health {
  readonly status: string;
  readonly projections: readonly ProjectionState[];
}

export async function health(baseUrl: string): Promise<Health | null> {
  const answer = await call(baseUrl, 'GET', '/api/health', null);
  return answer.status === null ? null : (answer.body as Health);
}

/** Waits until the instances answer ready and every projection, on whichever instance runs it, has no lag. */
export async function converged(baseUrls: readonly string[], timeoutMs = 60_000): Promise<Health[]> {
  return waitFor(
    'every projection to catch up',
    async () => {
      const all = await Promise.all(baseUrls.map(health));
      if (all.some((h) => h === null || h.status !== 'ok')) return undefined;
      const states = all as Health[];
      const active = states.flatMap((h) => h.projections.filter((p) => p.state === 'active'));
      return active.length > 0 && active.every((p) => p.lag === 0) ? states : undefined;
    },
    timeoutMs,
    250,
  );
}

/**
 * Alert events per deadline and stage. The workload's decisions are dated weeks back, so every stage of their
 * publication deadline had passed when it was set: each must have exactly one escalation, and no reminder or alarm.
 */
export async function alertCounts(pool: pg.Pool): Promise<Map<string, Record<string, number>>> {
  const { rows } = await pool.query<{ deadline_id: string; stage: string; n: string }>(
    `SELECT data->>'deadlineId' AS deadline_id, data->>'stage' AS stage, count(*) AS n FROM events
     WHERE type IN ('DeadlineReminderIssued', 'DeadlineDue', 'DeadlineMissed') GROUP BY 1, 2`,
  );
  const counts = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const entry = counts.get(row.deadline_id) ?? {};
    entry[row.stage] = Number(row.n);
    counts.set(row.deadline_id, entry);
  }
  return counts;
}

/** Deadlines whose alerts are not exactly one escalation (missing, doubled, or with stale stages), among those named. */
export function wrongAlerts(counts: Map<string, Record<string, number>>, deadlineIds: readonly string[]): string[] {
  const wrong: string[] = [];
  for (const id of deadlineIds) {
    const stages = counts.get(id) ?? {};
    for (const stage of ['reminder', 'due', 'overdue']) {
      const expected = stage === 'overdue' ? 1 : 0;
      if ((stages[stage] ?? 0) !== expected) wrong.push(`${id}.${stage}: ${stages[stage] ?? 0}`);
    }
  }
  for (const [id, stages] of counts) {
    for (const [stage, n] of Object.entries(stages)) if (n > 1) wrong.push(`${id}.${stage}: ${n}`);
  }
  return [...new Set(wrong)];
}

/**
 * Waits until every named deadline has its escalation (or the time runs out), then returns the counts. A job that a
 * killed worker held is taken up again only once BullMQ finds it stalled: its lock (30 s) must lapse and the stalled
 * check (every 30 s) come round, so the wait allows two minutes.
 */
export async function alertsSettled(pool: pg.Pool, deadlineIds: readonly string[], timeoutMs = 120_000): Promise<Map<string, Record<string, number>>> {
  try {
    return await waitFor(
      'every alert to be raised',
      async () => {
        const counts = await alertCounts(pool);
        return deadlineIds.every((id) => (counts.get(id)?.overdue ?? 0) >= 1) ? counts : undefined;
      },
      timeoutMs,
      500,
    );
  } catch {
    return alertCounts(pool);
  }
}

/** The read models agree with the log: a case summary per case stream, an alert row per alert event. */
export async function readModelMismatches(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ what: string; log: string; model: string }>(
    `SELECT 'case summaries' AS what, (SELECT count(*) FROM streams WHERE stream_type = 'case') AS log,
            (SELECT count(*) FROM case_summaries) AS model
     UNION ALL
     SELECT 'alerts', (SELECT count(*) FROM events WHERE type IN ('DeadlineReminderIssued', 'DeadlineDue', 'DeadlineMissed')),
            (SELECT count(*) FROM alerts)
     UNION ALL
     SELECT 'publications', (SELECT count(*) FROM streams WHERE stream_type = 'publication'), (SELECT count(*) FROM publications)
     UNION ALL
     SELECT 'deadlines', (SELECT count(*) FROM events WHERE type = 'PublicationPrepared'), (SELECT count(*) FROM deadlines)`,
  );
  return rows.filter((row) => row.log !== row.model).map((row) => `${row.what}: ${row.log} in the log, ${row.model} in the read model`);
}

export function openPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined);
  return pool;
}

/** The record after a fault: every acknowledged command stored, no version gap, every chain verified, no effect twice. */
export async function expectRecordWhole(pool: pg.Pool, ledger: Ledger): Promise<void> {
  expect(await missingAcknowledged(pool, ledger)).toEqual([]);
  expect(await versionGaps(pool)).toEqual([]);
  expect((await brokenChains(pool)).broken).toEqual([]);
  expect(await duplicatedEffects(pool)).toEqual([]);
}
