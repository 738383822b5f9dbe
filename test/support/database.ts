import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { runMigrations } from '../../src/database.js';

/**
 * Tests never touch a database whose name does not start with this prefix, which names this run of the tests (set by
 * global setup, so that runs beside each other never drop each other's databases). Global setup creates one template
 * database; every test file gets a fresh copy of it, so files run in parallel without seeing each other's events.
 */
export const TEST_DATABASE_PREFIX = `casetrail_test_${process.env.CASETRAIL_TEST_RUN ?? 'rlocal00'}`;
export const TEMPLATE_DATABASE = `${TEST_DATABASE_PREFIX}_template`;

export function serverUrl(): string {
  return process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432';
}

export function databaseUrl(name: string): string {
  if (!name.startsWith(TEST_DATABASE_PREFIX)) throw new Error(`refusing to use non-test database ${name}`);
  return `${serverUrl()}/${name}`;
}

export function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(`${serverUrl()}/postgres`, work);
}

/** A connection of its own to `url` for `work`, closed after it: SQL as a user with the database's rights would run it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Serializes template migration and copying across the parallel Jest workers of this run. */
const TEMPLATE_LOCK = 7_201_126;
const RUN_KEY = Number.parseInt(TEST_DATABASE_PREFIX.slice(-7), 16) || 0;

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1, $2)', [TEMPLATE_LOCK, RUN_KEY]);
    try {
      const marked = await client.query<{ note: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`,
        [TEMPLATE_DATABASE],
      );
      if (marked.rows[0]?.note !== 'migrated') {
        await runMigrations({ databaseUrl: databaseUrl(TEMPLATE_DATABASE), poolSize: 2 });
        await client.query(`COMMENT ON DATABASE ${TEMPLATE_DATABASE} IS 'migrated'`);
      }
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [TEMPLATE_LOCK, RUN_KEY]);
    }
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdminClient(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}
