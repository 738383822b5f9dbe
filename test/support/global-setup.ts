import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Gives this run of the tests its own database names and creates its empty template. The first test file to need a
 * database migrates the template (test/support/database.ts).
 *
 * Runs may overlap (a developer's run beside CI's): each holds an advisory lock for as long as it lives, on a
 * connection of its own, and drops only the databases of runs whose lock is free, that is, runs that have ended or
 * died. Jest loads this file outside the module mapper, so it imports nothing of the project's own and repeats the
 * naming rule of test/support/database.ts.
 */
const RUN_LOCK_CLASS = 7_201_127;
const PREFIX = 'casetrail_test_';

interface RunHandle {
  readonly client: pg.Client;
  readonly run: string;
}
const HANDLE = Symbol.for('casetrail.testRun');

const runLockKey = (run: string): number => Number.parseInt(run.slice(1), 16);

export default async function globalSetup(): Promise<void> {
  const server = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432';
  // 'r' and 7 hex digits: the lock key fits PostgreSQL's int4, and the name tells runs apart from legacy names.
  const run = `r${randomBytes(4).toString('hex').slice(0, 7)}`;
  const client = new pg.Client({ connectionString: `${server}/postgres`, application_name: `casetrail tests ${run}` });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1, $2)', [RUN_LOCK_CLASS, runLockKey(run)]);
  (globalThis as Record<symbol, RunHandle>)[HANDLE] = { client, run };
  process.env.CASETRAIL_TEST_RUN = run;

  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'casetrail\\_test\\_%'`,
  );
  const byRun = new Map<string, string[]>();
  for (const { datname } of rows) {
    const owner = /^casetrail_test_(r[0-9a-f]{7})_/.exec(datname)?.[1] ?? 'legacy';
    byRun.set(owner, [...(byRun.get(owner) ?? []), datname]);
  }
  for (const [owner, names] of byRun) {
    if (owner !== 'legacy') {
      const { rows: taken } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS free', [
        RUN_LOCK_CLASS,
        runLockKey(owner),
      ]);
      if (!taken[0]?.free) continue;
    }
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    if (owner !== 'legacy') await client.query('SELECT pg_advisory_unlock($1, $2)', [RUN_LOCK_CLASS, runLockKey(owner)]);
  }
  await client.query(`CREATE DATABASE ${pg.escapeIdentifier(`${PREFIX}${run}_template`)}`);
}
