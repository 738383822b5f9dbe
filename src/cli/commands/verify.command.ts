import type { DataSource } from 'typeorm';
import { PostgresEventStore, type VerifyResult } from '../../eventstore/event-store.js';
import { loadConfig } from '../../shared/config/config.js';
import { createDataSource, poolExecutor } from '../../shared/database/data-source.js';
import { EXIT_FAILED, EXIT_OK, UsageError, perSecond, print, say, seconds } from '../cli.js';
import { describeDatabase, withDatabase } from '../database.js';
import { progressBar } from '../progress.js';

const PARALLEL = 4;

export interface LogVerification {
  readonly streams: number;
  readonly events: number;
  readonly broken: readonly Extract<VerifyResult, { ok: false }>[];
  /** Events whose occurred_at column (used for statistics) is not the occurredAt their hashed metadata states. */
  readonly occurredAtMismatches: readonly { streamId: string; streamVersion: number }[];
}

/**
 * Re-verifies every stream's hash chain with the event store's own check (the one behind the verification
 * endpoint), over every stream that has a head or any event, so that a stream whose head row was deleted shows too.
 */
export async function verifyLog(dataSource: DataSource, onProgress?: (done: number, total: number) => void): Promise<LogVerification> {
  const store = new PostgresEventStore(poolExecutor(dataSource));
  const ids = (
    await dataSource.query<{ stream_id: string }[]>(
      'SELECT stream_id FROM streams UNION SELECT stream_id FROM events ORDER BY stream_id',
    )
  ).map((row) => row.stream_id);
  const broken: Extract<VerifyResult, { ok: false }>[] = [];
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      const result = await store.verifyStream(id);
      if (!result.ok) broken.push(result);
      onProgress?.((done += 1), ids.length);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const [count] = await dataSource.query<{ events: string }[]>('SELECT count(*) AS events FROM events');
  const occurredAtMismatches = (
    await dataSource.query<{ stream_id: string; stream_version: string }[]>(
      `SELECT stream_id, stream_version FROM events
       WHERE occurred_at IS DISTINCT FROM (metadata->>'occurredAt')::timestamptz ORDER BY stream_id, stream_version LIMIT 1000`,
    )
  ).map((row) => ({ streamId: row.stream_id, streamVersion: Number(row.stream_version) }));
  broken.sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
  return { streams: ids.length, events: Number(count?.events ?? 0), broken, occurredAtMismatches };
}

export async function run(args: readonly string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`unexpected argument ${args[0]}`);
  return withDatabase(loadConfig(), async (config) => {
    const dataSource = createDataSource({ databaseUrl: config.databaseUrl, poolSize: PARALLEL + 1 });
    await dataSource.initialize();
    const bar = progressBar('verifying');
    try {
      say(`verifying the event log of ${describeDatabase(config)}`);
      const started = Date.now();
      let barStarted = false;
      const result = await verifyLog(dataSource, (done, total) => {
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
      await dataSource.destroy();
    }
  });
}
