import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { PreparingExecutor, SqlExecutor } from './sql-executor.js';
import { MIGRATIONS } from './migrations.js';

export interface DatabaseOptions {
  readonly databaseUrl: string;
  readonly poolSize: number;
}

/** An open transaction holds back every subscriber (events after it are not yet visible), so none may idle long. */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize,
      application_name: 'casetrail',
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectionTimeoutMillis: 10_000,
    },
  };
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}

/** Creates the database named in the URL when the server does not have it yet (a fresh machine). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return false;
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another instance starting at the same time may have created it first.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}

export async function runMigrations(options: DatabaseOptions): Promise<string[]> {
  await ensureDatabaseExists(options.databaseUrl);
  const dataSource = createDataSource({ ...options, poolSize: 2 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * The connection pool under TypeORM, as a bare executor: the event store's hot path (one statement per append or
 * read) skips TypeORM's per-query runner, logging and event broadcasting, and uses named prepared statements so
 * that PostgreSQL parses and plans them once per connection.
 */
export function poolExecutor(dataSource: DataSource): PreparingExecutor;
/**
 * Without named statements (`{prepare: false}`): the embedded database runs every connection in one session, where a
 * name prepared by one connection is taken for all and a second connection's PREPARE of it fails.
 */
export function poolExecutor(dataSource: DataSource, options: { prepare: false }): SqlExecutor;
export function poolExecutor(dataSource: DataSource, options: { prepare: boolean } = { prepare: true }): SqlExecutor {
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const query = async <T>(sql: string, parameters?: unknown[]): Promise<T> => (await pool.query(sql, parameters)).rows as T;
  if (!options.prepare) return { query };
  const preparing: PreparingExecutor = {
    query,
    prepared: async <T>(name: string, sql: string, parameters: unknown[]): Promise<T> =>
      (await pool.query({ name, text: sql, values: parameters })).rows as T,
  };
  return preparing;
}
