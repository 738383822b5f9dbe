import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations.js';
import { type DatabaseOptions, ensureDatabaseExists } from './shared/database/data-source.js';

// Here, beside the app module, and not in src/shared: the options name every context's migrations.

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
