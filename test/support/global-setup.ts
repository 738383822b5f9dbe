import pg from 'pg';

/**
 * Drops the test databases earlier runs left behind and creates an empty template. The first test file to need a
 * database migrates the template (test/support/database.ts); Jest loads this file outside the module mapper, so it
 * imports nothing of the project's own.
 */
export default async function globalSetup(): Promise<void> {
  const server = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432';
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    const stale = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'casetrail\\_test\\_%'`,
    );
    for (const { datname } of stale.rows) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
    await client.query('CREATE DATABASE casetrail_test_template');
  } finally {
    await client.end();
  }
}
