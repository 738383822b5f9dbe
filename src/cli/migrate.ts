import { ConfigError, loadConfig } from '../shared/config/config.js';
import { runMigrations } from '../shared/database/data-source.js';

try {
  const config = loadConfig();
  const applied = await runMigrations({ databaseUrl: config.databaseUrl, poolSize: 2 });
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `migration failed: ${String(error)}`);
  process.exit(1);
}
