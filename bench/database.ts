import pg from 'pg';
import { type DataSource } from 'typeorm';
import { type BenchConfig } from './config.js';

async function withMaintenanceClient(config: BenchConfig, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: config.maintenanceUrl, application_name: 'casetrail bench admin' });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

async function dropDatabase(config: BenchConfig, database: string): Promise<void> {
  await withMaintenanceClient(config, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  });
}

async function recreateDatabase(config: BenchConfig, database: string): Promise<void> {
  await withMaintenanceClient(config, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  });
}

/** Runs `work` on a freshly created, empty database that is dropped afterwards, whatever the outcome. */
export async function withScratchDatabase<T>(
  config: BenchConfig,
  database: string,
  work: () => Promise<T>,
): Promise<T> {
  await recreateDatabase(config, database);
  try {
    return await work();
  } finally {
    // BENCH_KEEP_DATABASES=1 leaves them for a look at what the bench built (the next run recreates them).
    if (process.env.BENCH_KEEP_DATABASES !== '1') await dropDatabase(config, database);
  }
}

export const BASELINE_TABLE = 'bench_baseline_events';

/**
 * A copy of the `events` table as the migrations left it: the same columns, defaults (xid8 included), identity,
 * checks, unique constraints and indexes. LIKE never copies triggers, and nothing calls a function on insert.
 */
export async function createBaselineTable(dataSource: DataSource): Promise<void> {
  await dataSource.query(`CREATE TABLE ${BASELINE_TABLE} (LIKE events INCLUDING ALL)`);
  const [copied] = await dataSource.query<{ indexes: number; triggers: number }[]>(
    `SELECT (SELECT count(*)::int FROM pg_index WHERE indrelid = $1::regclass) AS indexes,
            (SELECT count(*)::int FROM pg_trigger WHERE tgrelid = $1::regclass) AS triggers`,
    [BASELINE_TABLE],
  );
  const [original] = await dataSource.query<{ indexes: number }[]>(
    `SELECT count(*)::int AS indexes FROM pg_index WHERE indrelid = 'events'::regclass`,
  );
  if (!copied || copied.indexes !== original?.indexes || copied.triggers !== 0) {
    throw new Error(`${BASELINE_TABLE} does not have the indexes of events, or has triggers`);
  }
}

const VISIBILITY_WAIT_MS = 60_000;

/**
 * Projections read only events of transactions older than every transaction still running on the server, in any
 * database. A replay that found the tail of the log hidden by someone else's open transaction would stop short, so
 * wait until the whole log is visible: nothing written later can hide it again.
 */
export async function waitUntilTheWholeLogIsVisible(dataSource: DataSource): Promise<void> {
  const deadline = Date.now() + VISIBILITY_WAIT_MS;
  for (;;) {
    const [row] = await dataSource.query<{ visible: boolean }[]>(
      `SELECT coalesce(max(transaction_id) < pg_snapshot_xmin(pg_current_snapshot()), true) AS visible FROM events`,
    );
    if (row?.visible) return;
    if (Date.now() > deadline) throw new Error('a transaction left open on the server keeps hiding the event log');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
