import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Drops this run's databases and the mark of its CLI build (test/cli/run-cli.ts), and releases its lock (see global-setup.ts). */
const HANDLE = Symbol.for('casetrail.testRun');

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as Record<symbol, { client: pg.Client; run: string } | undefined>)[HANDLE];
  if (!handle) return;
  const { client, run } = handle;
  for (const name of readdirSync(tmpdir())) {
    if (name.startsWith(`casetrail-cli-built-${run}-`)) rmSync(path.join(tmpdir(), name), { force: true });
  }
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `casetrail\\_test\\_${run}\\_%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
