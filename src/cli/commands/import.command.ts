import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { EVENTS_CHANNEL } from '../../eventstore/event-store.js';
import { loadConfig } from '../../shared/config/config.js';
import { runMigrations } from '../../database.js';
import { EXIT_FAILED, EXIT_OK, UsageError, perSecond, print, say, seconds } from '../cli.js';
import { describeDatabase, withDatabase } from '../database.js';
import { type EventLine, ExportChecker, type StreamLine, parseLine } from '../event-log-file.js';
import { verifyLog } from '../../eventstore/ledger/log-verification.js';

const BATCH = 1000;

/** Reads the file line by line, and the digest of everything read, so that a second pass can prove it read the same. */
async function readLines(path: string, onLine: (text: string) => Promise<void> | void): Promise<string> {
  const digest = createHash('sha256');
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const text of lines) {
    digest.update(text).update('\n');
    await onLine(text);
  }
  return digest.digest('hex');
}

export type ImportOutcome =
  | { readonly kind: 'imported'; readonly events: number; readonly streams: number; readonly headsDigest: string }
  | { readonly kind: 'broken'; readonly brokenStreams: ReadonlyMap<string, string>; readonly problems: readonly string[] }
  | { readonly kind: 'not-empty'; readonly events: number; readonly streams: number };

const INSERT_EVENTS = `
  INSERT INTO events (global_position, stream_id, stream_type, stream_version, event_id, type, schema_version, data,
                      metadata, agency_id, occurred_at, recorded_at, prev_hash, hash)
  OVERRIDING SYSTEM VALUE
  SELECT (e->>'globalPosition')::bigint, e->>'streamId', e->>'streamType', (e->>'streamVersion')::bigint,
         (e->>'eventId')::uuid, e->>'type', (e->>'schemaVersion')::integer, e->'data', e->'metadata', e->>'agencyId',
         (e->'metadata'->>'occurredAt')::timestamptz, (e->>'recordedAt')::timestamptz,
         decode(e->>'prevHash', 'hex'), decode(e->>'hash', 'hex')
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`;

const INSERT_STREAMS = `
  INSERT INTO streams (stream_id, stream_type, agency_id, version, last_hash, created_at, updated_at)
  SELECT s->>'streamId', s->>'streamType', s->>'agencyId', (s->>'version')::bigint, decode(s->>'lastHash', 'hex'),
         (s->>'createdAt')::timestamptz, (s->>'updatedAt')::timestamptz
  FROM jsonb_array_elements($1::jsonb) AS t(s)`;

/**
 * Imports an export file into an empty event log. The whole file is checked first (every chain recomputed and
 * compared with the hashes it states, the stream heads, the counts): a file with any broken link is refused before
 * a connection is made, so nothing is written, not even the schema. The events are then written in one
 * transaction, with the hashes and global positions of the file, after locking both tables and finding them empty;
 * the file is read a second time and its digest compared, so a file changed in between is refused too.
 */
export async function importLog(databaseUrl: string, path: string): Promise<ImportOutcome> {
  const checker = new ExportChecker();
  const firstDigest = await readLines(path, (text) => checker.line(text));
  const checked = checker.result();
  if (!checked.ok) return { kind: 'broken', brokenStreams: checked.brokenStreams, problems: checked.problems };

  await runMigrations({ databaseUrl, poolSize: 2 });
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'casetrail import' });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Appends wait until the import commits or rolls back, so none can slip in between the check and the writes.
    await client.query('LOCK TABLE streams, events IN EXCLUSIVE MODE');
    const { rows } = await client.query<{ events: string; streams: string }>(
      'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM streams) AS streams',
    );
    const existing = { events: Number(rows[0]?.events ?? 0), streams: Number(rows[0]?.streams ?? 0) };
    if (existing.events > 0 || existing.streams > 0) {
      await client.query('ROLLBACK');
      return { kind: 'not-empty', ...existing };
    }
    let events: EventLine[] = [];
    let streams: StreamLine[] = [];
    const flush = async (): Promise<void> => {
      if (events.length > 0) await client.query(INSERT_EVENTS, [JSON.stringify(events)]);
      if (streams.length > 0) await client.query(INSERT_STREAMS, [JSON.stringify(streams)]);
      events = [];
      streams = [];
    };
    const secondDigest = await readLines(path, async (text) => {
      if (text.trim() === '') return;
      const parsed = parseLine(text);
      if (parsed.kind === 'event') events.push(parsed.line);
      else if (parsed.kind === 'stream') streams.push(parsed.line);
      if (events.length + streams.length >= BATCH) await flush();
    });
    await flush();
    if (secondDigest !== firstDigest) throw new Error('the file changed while it was imported; nothing was written');
    // The identity goes on after the imported positions.
    await client.query(
      `SELECT setval(pg_get_serial_sequence('events', 'global_position'), max(global_position)) FROM events HAVING count(*) > 0`,
    );
    await client.query('COMMIT');
    await client.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
    return { kind: 'imported', events: checked.events, streams: checked.streams, headsDigest: checked.headsDigest };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

export async function run(args: readonly string[]): Promise<number> {
  const [path, ...rest] = args;
  if (!path || path.startsWith('-') || rest.length > 0) throw new UsageError('name one export file');
  return withDatabase(loadConfig(), async (config) => {
    const target = describeDatabase(config);
    const started = Date.now();
    const outcome = await importLog(config.databaseUrl, path);
    switch (outcome.kind) {
      case 'broken':
        for (const [streamId, reason] of outcome.brokenStreams) print(`BROKEN ${streamId}: ${reason}`);
        for (const problem of outcome.problems) print(`INVALID ${problem}`);
        say(`refused ${path}: ${outcome.brokenStreams.size} broken streams, ${outcome.problems.length} other problems; nothing was written`);
        return EXIT_FAILED;
      case 'not-empty':
        say(
          `refused: ${target} already holds ${outcome.events} events in ${outcome.streams} streams. ` +
            'Import writes only into an empty event log (a new database, or one just migrated); nothing was written.',
        );
        return EXIT_FAILED;
      case 'imported': {
        const elapsed = Date.now() - started;
        say(`imported ${outcome.events} events of ${outcome.streams} streams into ${target} in ${seconds(elapsed)} s (${perSecond(outcome.events, elapsed)} events/s)`);
        const verified = await verifyLog(config.databaseUrl);
        if (verified.broken.length > 0) {
          for (const stream of verified.broken) print(`BROKEN ${stream.streamId} at version ${stream.brokenAtVersion}: ${stream.reason}`);
          return EXIT_FAILED;
        }
        print(`${outcome.streams} streams, ${outcome.events} events imported; every chain holds`);
        say(`stream heads digest: ${outcome.headsDigest} (compare it with the one the export printed)`);
        say('the read models fill as the projections replay the log when casetrail starts (or run casetrail rebuild --all)');
        return EXIT_OK;
      }
    }
  });
}
