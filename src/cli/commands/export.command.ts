import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PostgresEventStore } from '../../eventstore/event-store.js';
import type { SqlExecutor } from '../../shared/database/sql-executor.js';
import { formatCheckpoint } from '../../eventstore/ledger/checkpoint.js';
import { latestCheckpoint } from '../../eventstore/ledger/checkpoints.js';
import { loadConfig } from '../../shared/config/config.js';
import { EXIT_OK, UsageError, perSecond, say, seconds } from '../cli.js';
import { describeDatabase, withDatabase } from '../database.js';
import { type EndLine, type EventLine, FORMAT, FORMAT_VERSION, type HeaderLine, type StreamLine, headsDigest } from '../event-log-file.js';

const PAGE = 2000;

interface StreamRow {
  stream_id: string;
  stream_type: string;
  agency_id: string;
  version: string;
  last_hash: Buffer;
  created_at: Date;
  updated_at: Date;
}

/**
 * Writes the whole event log as NDJSON (see event-log-file.ts) from one snapshot, so that the events, the stream
 * heads and the checkpoint in the header agree even while the server keeps appending. The events come through the
 * event store's reader, as stored, never upcast: the hashes cover the stored form.
 */
export async function exportLog(
  databaseUrl: string,
  output: NodeJS.WritableStream,
): Promise<{ events: number; streams: number; headsDigest: string; checkpoint: string | null }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'casetrail export' });
  await client.connect();
  const write = async (line: object): Promise<void> => {
    if (!output.write(`${JSON.stringify(line)}\n`)) await once(output, 'drain');
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot: SqlExecutor = { query: async <T>(sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows as T };
    const checkpoint = await latestCheckpoint(snapshot);
    const header: HeaderLine = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      checkpoint: checkpoint ? formatCheckpoint(checkpoint) : null,
    };
    await write(header);
    let events = 0;
    for await (const page of new PostgresEventStore(snapshot).readLog({ pageSize: PAGE, executor: snapshot })) {
      for (const event of page) {
        const line: EventLine = {
          kind: 'event',
          globalPosition: event.globalPosition,
          eventId: event.eventId,
          streamId: event.streamId,
          streamType: event.streamType,
          streamVersion: event.streamVersion,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          metadata: event.metadata,
          agencyId: event.agencyId,
          recordedAt: event.recordedAt.toISOString(),
          prevHash: event.prevHash,
          hash: event.hash,
        };
        await write(line);
      }
      events += page.length;
    }
    const heads: { streamId: string; lastHash: string }[] = [];
    for (let after = ''; ; ) {
      const { rows } = await client.query<StreamRow>(
        `SELECT stream_id, stream_type, agency_id, version, last_hash, created_at, updated_at
         FROM streams WHERE stream_id > $1 ORDER BY stream_id LIMIT $2`,
        [after, PAGE],
      );
      for (const row of rows) {
        const line: StreamLine = {
          kind: 'stream',
          streamId: row.stream_id,
          streamType: row.stream_type,
          agencyId: row.agency_id,
          version: Number(row.version),
          lastHash: row.last_hash.toString('hex'),
          createdAt: row.created_at.toISOString(),
          updatedAt: row.updated_at.toISOString(),
        };
        heads.push({ streamId: line.streamId, lastHash: line.lastHash });
        await write(line);
      }
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) break;
      after = last.stream_id;
    }
    const end: EndLine = { kind: 'end', events, streams: heads.length, headsDigest: headsDigest(heads) };
    await write(end);
    await client.query('COMMIT');
    return { events, streams: heads.length, headsDigest: end.headsDigest, checkpoint: header.checkpoint ?? null };
  } finally {
    await client.end();
  }
}

export async function run(args: readonly string[]): Promise<number> {
  let out: string | undefined;
  try {
    ({ values: { out } } = parseArgs({ args: [...args], options: { out: { type: 'string', short: 'o' } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return withDatabase(loadConfig(), async (config) => {
    const output = out ? createWriteStream(out, { flags: 'wx' }) : process.stdout;
    if (out) await once(output, 'open');
    const started = Date.now();
    const result = await exportLog(config.databaseUrl, output);
    if (out) {
      output.end();
      await once(output, 'close');
    }
    const elapsed = Date.now() - started;
    say(
      `exported ${result.events} events of ${result.streams} streams from ${describeDatabase(config)}` +
        `${out ? ` to ${out}` : ''} in ${seconds(elapsed)} s (${perSecond(result.events, elapsed)} events/s)`,
    );
    say(`stream heads digest: ${result.headsDigest}`);
    say(result.checkpoint ? `log checkpoint (in the header; keep it to check the log later): ${result.checkpoint}` : 'no log checkpoint has been signed yet');
    return EXIT_OK;
  });
}
