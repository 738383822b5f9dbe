import { ConfigError, loadConfig } from '../shared/config/config.js';
import { runMigrations } from '../shared/database/data-source.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../shared/embedded/embedded-database.js';
import { migrateQueueSchema } from '../shared/queues/queues.module.js';

let embedded: EmbeddedDatabase | null = null;
try {
  const config = loadConfig();
  if (config.database.kind === 'embedded') embedded = await startEmbeddedDatabase(config.database.dataDir);
  const databaseUrl = embedded?.url ?? config.databaseUrl;
  const applied = await runMigrations({ databaseUrl, poolSize: 2 });
  if (config.queues.kind === 'postgres') await migrateQueueSchema(databaseUrl);
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
  await embedded?.stop();
} catch (error) {
  await embedded?.stop();
  console.error(error instanceof ConfigError ? error.message : `migration failed: ${String(error)}`);
  process.exit(1);
}
