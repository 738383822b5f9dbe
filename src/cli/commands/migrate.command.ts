import { loadConfig } from '../../shared/config/config.js';
import { runMigrations } from '../../database.js';
import { migrateQueueSchema } from '../../shared/queues/queues.module.js';
import { EXIT_OK, UsageError, print } from '../cli.js';
import { describeDatabase, withDatabase } from '../database.js';

export async function run(args: readonly string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument ${args[0]}`);
  return withDatabase(loadConfig(), async (config) => {
    const applied = await runMigrations({ databaseUrl: config.databaseUrl, poolSize: 2 });
    if (config.queues.kind === 'postgres') await migrateQueueSchema(config.databaseUrl);
    print(applied.length ? `applied: ${applied.join(', ')}` : `${describeDatabase(config)} is up to date`);
    return EXIT_OK;
  });
}
