import pg from 'pg';
import { type ChainRow, type VerifyResult, verifyChain } from '../../eventstore/event-store.js';
import { loadConfig } from '../../shared/config/config.js';
import { EXIT_FAILED, EXIT_OK, UsageError, perSecond, print, say, seconds } from '../cli.js';
import { describeDatabase, withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

const PAGE = 5000;

export interface LogVerification {
  readonly streams: number;
  readonly events: number;
  readonly broken: readonly Extract<VerifyResult, { ok: false }>[];
  /** Events whose occurred_at column (used for statistics) is not the occurredAt their hashed metadata states. */
  readonly occurredAtMismatches: readonly { streamId: string; streamVersion: number }[];
}

/**
 * Re-verifies every stream's hash chain with the event store's own check (`verifyChain`, behind the verification
 * endpoint too), over every stream that has a head or any event, so that a stream whose head row was deleted shows
 * as well. One pass over the events in (stream, version) order, in one snapshot, so that appends going on meanwhile
 * are not mistaken for a broken chain.
 */
export async function verifyLog(databaseUrl: string, onProgress?: (done: number, total: number) => void): Promise<LogVerification> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'casetrail verify' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const [totals] = (
      await client.query<{ events: string; streams: string }>(
        'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM streams) AS streams',
      )
    ).rows;
    const total = Number(totals?.events ?? 0);
    const broken: Extract<VerifyResult, { ok: false }>[] = [];
    let streams = 0;
    /** Checks whole streams, their heads read in one query. */
    const check = async (groups: ReadonlyMap<string, readonly ChainRow[]>): Promise<void> => {
      if (groups.size === 0) return;
      const { rows: heads } = await client.query<{ stream_id: string; version: string; last_hash: Buffer }>(
        'SELECT stream_id, version, last_hash FROM streams WHERE stream_id = ANY($1::text[])',
        [[...groups.keys()]],
      );
      const headOf = new Map(heads.map((head) => [head.stream_id, { version: Number(head.version), lastHash: head.last_hash.toString('hex') }]));
      for (const [streamId, rows] of groups) {
        const result = verifyChain(streamId, rows, headOf.get(streamId) ?? null);
        streams += 1;
        if (!result.ok) broken.push(result);
      }
    };
    // The last stream of a page may go on in the next one: its rows wait until it is whole.
    let pending: ChainRow[] = [];
    let done = 0;
    for (let after: [string, number] | null = null; ; ) {
      const { rows }: { rows: ChainRow[] } = await client.query<ChainRow>(
        `SELECT stream_id, stream_type, stream_version, event_id, type, schema_version, data, metadata, agency_id,
                recorded_at, prev_hash, hash
         FROM events ${after ? 'WHERE (stream_id, stream_version) > ($1, $2)' : ''}
         ORDER BY stream_id, stream_version LIMIT ${PAGE}`,
        after ?? [],
      );
      const last = rows.at(-1);
      const more = last !== undefined && rows.length === PAGE;
      const groups = new Map<string, ChainRow[]>();
      for (const row of [...pending, ...rows]) {
        const group = groups.get(row.stream_id);
        if (group) group.push(row);
        else groups.set(row.stream_id, [row]);
      }
      pending = [];
      if (more) {
        pending = groups.get(last.stream_id) ?? [];
        groups.delete(last.stream_id);
      }
      await check(groups);
      done += rows.length;
      onProgress?.(done, total);
      if (!more) break;
      after = [last.stream_id, Number(last.stream_version)];
    }
    // Heads whose stream has no event left.
    const { rows: empty } = await client.query<{ stream_id: string }>(
      'SELECT stream_id FROM streams s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = s.stream_id) ORDER BY stream_id',
    );
    await check(new Map(empty.map(({ stream_id }) => [stream_id, []])));
    const { rows: mismatches } = await client.query<{ stream_id: string; stream_version: string }>(
      `SELECT stream_id, stream_version FROM events
       WHERE occurred_at IS DISTINCT FROM (metadata->>'occurredAt')::timestamptz ORDER BY stream_id, stream_version LIMIT 1000`,
    );
    await client.query('COMMIT');
    broken.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    return {
      streams,
      events: total,
      broken,
      occurredAtMismatches: mismatches.map((row) => ({ streamId: row.stream_id, streamVersion: Number(row.stream_version) })),
    };
  } finally {
    await client.end();
  }
}

export async function run(args: readonly string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument ${args[0]}`);
  return withDatabase(loadConfig(), async (config) => {
    const bar = progressBar('verifying');
    try {
      say(`verifying the event log of ${describeDatabase(config)}`);
      const started = Date.now();
      let barStarted = false;
      const result = await verifyLog(config.databaseUrl, (done, total) => {
        if (!barStarted) bar.start(total);
        barStarted = true;
        bar.update(done);
      });
      bar.stop();
      const elapsed = Date.now() - started;
      for (const stream of result.broken) {
        print(`BROKEN ${stream.streamId} at version ${stream.brokenAtVersion}: ${stream.reason}`);
      }
      for (const event of result.occurredAtMismatches) {
        print(`BROKEN ${event.streamId} at version ${event.streamVersion}: the occurred_at column differs from the hashed metadata`);
      }
      const failed = result.broken.length > 0 || result.occurredAtMismatches.length > 0;
      print(
        failed
          ? `${result.broken.length} of ${result.streams} streams broken, ${result.occurredAtMismatches.length} events with a changed occurred_at`
          : `${result.streams} streams, ${result.events} events: every chain holds`,
      );
      say(`verified in ${seconds(elapsed)} s (${perSecond(result.events, elapsed)} events/s)`);
      return failed ? EXIT_FAILED : EXIT_OK;
    } finally {
      bar.stop();
    }
  });
}
