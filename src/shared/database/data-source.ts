import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PreparingExecutor, SqlExecutor } from './sql-executor.js';

export interface DatabaseOptions {
  readonly databaseUrl: string;
  readonly poolSize: number;
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
