import { type AppConfig, withDatabaseUrl } from '../shared/config/config.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../shared/embedded/embedded-database.js';

/**
 * Runs `work` against the database the server would use: DATABASE_URL, or, without it, the embedded database in
 * the data directory, started for the command and stopped after it (the server must not be running on it then:
 * the embedded database takes one process at a time).
 */
export async function withDatabase<T>(loaded: AppConfig, work: (config: AppConfig) => Promise<T>): Promise<T> {
  let embedded: EmbeddedDatabase | null = null;
  try {
    let config = loaded;
    if (loaded.database.kind === 'embedded') {
      embedded = await startEmbeddedDatabase(loaded.database.dataDir);
      config = withDatabaseUrl(loaded, embedded.url);
    }
    return await work(config);
  } finally {
    await embedded?.stop();
  }
}

/** The database's name and server, without the password, for messages. */
export function describeDatabase(config: AppConfig): string {
  if (config.database.kind === 'embedded') return `the embedded database in ${config.database.dataDir}`;
  try {
    const url = new URL(config.databaseUrl);
    return `${url.pathname.replace(/^\//, '')} on ${url.host}`;
  } catch {
    return 'the database';
  }
}
