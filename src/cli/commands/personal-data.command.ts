import { parseArgs } from 'node:util';
import path from 'node:path';
import pg from 'pg';
import { loadKeyRing, rewrapKeys } from '../../eventstore/personal-data/key-encryption-keys.js';
import { loadConfig } from '../../shared/config/config.js';
import { EXIT_OK, UsageError, print, say } from '../cli.js';
import { describeDatabase, withDatabase } from '../database.js';

/**
 * `casetrail personal-data rewrap [--previous <file>]`: wraps every live data subject's key under the current KEK
 * (PERSONAL_DATA_KEK_FILE), the plain ones stored before wrapping and those under the previous KEK
 * (PERSONAL_DATA_KEK_PREVIOUS_FILE, or --previous) alike. Safe beside running servers that know both KEKs, and to
 * run again: a second run finds every key under the current KEK.
 */
export async function run(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { previous: { type: 'string' } }, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'rewrap') throw new UsageError('the one subcommand is rewrap');
  const loaded = loadConfig();
  const previous = parsed.values.previous ? path.resolve(parsed.values.previous) : loaded.personalDataKekPreviousFile;
  return withDatabase(loaded, async (config) => {
    const client = new pg.Client({ connectionString: config.databaseUrl, application_name: 'casetrail personal-data rewrap' });
    await client.connect();
    try {
      const executor = { query: async <T>(sql: string, parameters?: unknown[]): Promise<T> => (await client.query(sql, parameters)).rows as T };
      const { ring } = await loadKeyRing(executor, { current: config.personalDataKekFile, previous, create: false });
      say(`rewrapping the personal-data keys of ${describeDatabase(config)} under ${ring.current.id}`);
      const counts = await rewrapKeys(executor, ring);
      print(
        `wrapped ${counts.wrapped} plain keys, rewrapped ${counts.rewrapped} from the previous KEK, ` +
          `${counts.unchanged} already under ${ring.current.id}, ${counts.skipped} erased or changed meanwhile`,
      );
      return EXIT_OK;
    } finally {
      await client.end();
    }
  });
}
