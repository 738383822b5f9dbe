import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from './app.js';
import { type AppConfig, ConfigError, loadConfig, withDatabaseUrl } from './shared/config/config.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from './shared/embedded/embedded-database.js';

function banner(config: AppConfig, embedded: EmbeddedDatabase | null): string[] {
  const url = `http://127.0.0.1:${config.port}`;
  const lines = [`casetrail listening on ${url} (API docs: ${url}/api/docs)`];
  if (embedded) {
    lines.push(
      `mode: embedded — PostgreSQL ${embedded.postgresVersion} (PGlite) in a child process, data in ${embedded.dataDir}`,
      `database: ${embedded.url} (psql and other clients connect there while casetrail runs)`,
      'embedded mode is for trying casetrail on one machine, not for production: one instance only, queries run one',
      'at a time. Set DATABASE_URL and REDIS_URL to run on PostgreSQL and Redis (see README, "Modes").',
    );
  } else {
    lines.push(`mode: server — PostgreSQL at ${new URL(config.databaseUrl).host}`);
  }
  lines.push(
    config.queues.kind === 'redis'
      ? `queues: Redis at ${new URL(config.queues.url).host}`
      : "queues: BullMQ's PostgreSQL backend, in the database (schema bullmq)",
  );
  return lines;
}

async function main(): Promise<void> {
  const loaded = loadConfig();
  let embedded: EmbeddedDatabase | null = null;
  let app: NestExpressApplication | null = null;
  let stopping = false;
  // Our own handlers, not Nest's: the embedded database may stop only after the app closed its connections.
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`casetrail stopping (${signal})`);
    let code = 0;
    try {
      await app?.close();
    } catch (error) {
      console.error('casetrail did not stop cleanly:', error instanceof Error ? error.message : error);
      code = 1;
    }
    await embedded?.stop();
    console.log('casetrail stopped');
    process.exit(code);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));

  try {
    let config = loaded;
    if (loaded.database.kind === 'embedded') {
      embedded = await startEmbeddedDatabase(loaded.database.dataDir);
      config = withDatabaseUrl(loaded, embedded.url);
      void embedded.exited.then(() => {
        if (stopping) return;
        console.error('the embedded database stopped unexpectedly: casetrail stops');
        process.exit(1);
      });
    }
    app = await createApp(config);
    await app.listen(config.port);
    for (const line of banner(config, embedded)) console.log(line);
    if (config.jwtSecretIsDevelopmentDefault) {
      console.warn('JWT_SECRET is not set: using the development secret. Set it before exposing this server.');
    }
  } catch (error) {
    stopping = true;
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('casetrail failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
