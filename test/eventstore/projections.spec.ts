import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { NO_STREAM, type StoredEvent } from '../../src/eventstore/event.js';
import { PostgresEventStore } from '../../src/eventstore/event-store.js';
import type { SqlExecutor } from '../../src/shared/database/sql-executor.js';
import { type Projection } from '../../src/eventstore/projections/projection.js';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { type EventStoreFixture, eventStoreFixture, testMetadata, uniqueStream } from '../support/event-store.js';
import { eventually } from '../support/eventually.js';

/** Records every event it sees, in the order it saw them, and a running total per stream. */
class RecordingProjection implements Projection {
  readonly eventTypes = ['Counted', 'Noted'];
  constructor(readonly name: string) {}

  async apply(events: readonly StoredEvent[], tx: SqlExecutor): Promise<void> {
    for (const event of events) {
      const n = (event.data as { n?: number }).n ?? 0;
      await tx.query(`INSERT INTO seen (projection, global_position, stream_id) VALUES ($1, $2, $3)`, [
        this.name,
        event.globalPosition,
        event.streamId,
      ]);
      await tx.query(
        `INSERT INTO totals (projection, stream_id, events, total) VALUES ($1, $2, 1, $3)
         ON CONFLICT (projection, stream_id) DO UPDATE SET events = totals.events + 1, total = totals.total + $3`,
        [this.name, event.streamId, n],
      );
    }
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM seen WHERE projection = $1', [this.name]);
    await tx.query('DELETE FROM totals WHERE projection = $1', [this.name]);
  }
}

let fx: EventStoreFixture;
beforeAll(async () => {
  fx = await eventStoreFixture();
  await fx.dataSource.query(`CREATE TABLE seen (projection text, global_position bigint, stream_id text)`);
  await fx.dataSource.query(
    `CREATE TABLE totals (projection text, stream_id text, events int, total bigint, PRIMARY KEY (projection, stream_id))`,
  );
});
afterAll(async () => {
  await fx.close();
});

function runnerWith(...projections: Projection[]): ProjectionRunner {
  const runner = new ProjectionRunner(fx.store, { databaseUrl: fx.database.url, pollMs: 60_000, batchSize: 100 });
  projections.forEach((projection) => runner.register(projection));
  return runner;
}

const seenPositions = async (name: string): Promise<number[]> =>
  (
    await fx.dataSource.query<{ global_position: string }[]>(
      'SELECT global_position FROM seen WHERE projection = $1',
      [name],
    )
  ).map((row) => Number(row.global_position));

/** The test database is shared by the tests of this file: a projection sees the events of earlier tests too. */
const countHandled = async (): Promise<number> =>
  (
    await fx.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM events WHERE type IN ('Counted', 'Noted')`)
  )[0]?.n ?? 0;

describe('projection runner', () => {
  it('never skips an event committed late by a slow concurrent transaction', async () => {
    const runner = runnerWith(new RecordingProjection('late-commit'));
    const slow = new pg.Client({ connectionString: fx.database.url });
    await slow.connect();
    try {
      const slowDb: SqlExecutor = { query: async <T>(sql: string, p?: unknown[]) => (await slow.query(sql, p)).rows as T };
      const early = uniqueStream();
      await fx.store.append(early, NO_STREAM, [{ type: 'Counted', data: { n: 1 } }], testMetadata());

      // The slow transaction takes its position first, then stays open while a faster one commits after it.
      await slow.query('BEGIN');
      const slowStream = uniqueStream();
      const slowAppend = await fx.store.append(slowStream, NO_STREAM, [{ type: 'Counted', data: { n: 10 } }], testMetadata(), slowDb);
      const fastStream = uniqueStream();
      const fastAppend = await fx.store.append(fastStream, NO_STREAM, [{ type: 'Counted', data: { n: 100 } }], testMetadata());
      expect(slowAppend.globalPositions[0]).toBeLessThan(fastAppend.globalPositions[0] ?? 0);

      await runner.pollOnce();
      // A reader ordered by position alone would have read the fast event here and moved past the slow one.
      const whileOpen = await seenPositions('late-commit');
      expect(whileOpen).not.toContain(fastAppend.globalPositions[0]);
      expect(whileOpen).not.toContain(slowAppend.globalPositions[0]);

      await slow.query('COMMIT');
      await runner.catchUp();
      const after = await seenPositions('late-commit');
      expect(after).toEqual(expect.arrayContaining([slowAppend.globalPositions[0], fastAppend.globalPositions[0]]));
      expect(new Set(after).size).toBe(after.length);
    } finally {
      await slow.end();
      await runner.stop();
    }
  });

  it('also catches a transaction that took its id before a faster one but appended after it', async () => {
    const runner = runnerWith(new RecordingProjection('late-xid'));
    const slow = new pg.Client({ connectionString: fx.database.url });
    await slow.connect();
    try {
      const slowDb: SqlExecutor = { query: async <T>(sql: string, p?: unknown[]) => (await slow.query(sql, p)).rows as T };
      await slow.query('BEGIN');
      await slow.query('SELECT pg_current_xact_id()');
      const fast = await fx.store.append(uniqueStream(), NO_STREAM, [{ type: 'Counted', data: { n: 1 } }], testMetadata());
      await runner.pollOnce();
      expect(await seenPositions('late-xid')).not.toContain(fast.globalPositions[0]);
      const late = await fx.store.append(uniqueStream(), NO_STREAM, [{ type: 'Counted', data: { n: 2 } }], testMetadata(), slowDb);
      await slow.query('COMMIT');
      await runner.catchUp();
      // Commit order, not position order: the slow transaction's event comes first although its position is higher.
      const seen = await seenPositions('late-xid');
      expect(seen.filter((p) => p === late.globalPositions[0] || p === fast.globalPositions[0])).toHaveLength(2);
    } finally {
      await slow.end();
      await runner.stop();
    }
  });

  it('gives the same result on rebuild as incrementally, over a few thousand random events', async () => {
    const name = 'rebuild-equivalence';
    const runner = runnerWith(new RecordingProjection(name));
    await runner.start();
    try {
      const streams = Array.from({ length: 40 }, () => uniqueStream());
      const versions = new Map<string, number>();
      let random = 12345;
      const next = (): number => {
        random = (random * 1103515245 + 12345) % 2147483648;
        return random;
      };
      // 8 writers append random batches while the runner keeps catching up in between.
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let i = 0; i < 60; i += 1) {
            const stream = streams[(writer * 5 + (next() % 5)) % streams.length] ?? '';
            const version = versions.get(stream) ?? 0;
            versions.set(stream, version + 1 + (i % 13));
            const events = Array.from({ length: 1 + (i % 13) }, () => ({
              type: next() % 7 === 0 ? 'Ignored' : next() % 2 === 0 ? 'Counted' : 'Noted',
              data: { n: next() % 1000 },
            }));
            await fx.store.append(stream, version === 0 ? NO_STREAM : version, events, testMetadata());
            if (i % 10 === 0) await runner.catchUp();
          }
        }),
      );
      await runner.catchUp();
      const snapshot = (): Promise<unknown[]> =>
        fx.dataSource.query(
          'SELECT stream_id, events, total FROM totals WHERE projection = $1 ORDER BY stream_id',
          [name],
        );
      const incremental = await snapshot();
      const expected = await countHandled();
      expect(expected).toBeGreaterThan(2000);
      expect((await seenPositions(name)).length).toBe(expected);

      const replayed = await runner.rebuild(name);
      expect(replayed).toBe(expected);
      expect(await snapshot()).toEqual(incremental);
      expect(await runner.health(fx.dataSource)).toEqual([
        expect.objectContaining({ name, state: 'active', lag: 0, lastError: null }),
      ]);
    } finally {
      await runner.stop();
    }
  });

  it('is advanced by one runner only when two run at once, and the other takes over when it stops', async () => {
    const name = 'single-active';
    const first = runnerWith(new RecordingProjection(name));
    const second = runnerWith(new RecordingProjection(name));
    try {
      const stream = uniqueStream();
      await fx.store.append(stream, NO_STREAM, [{ type: 'Counted', data: { n: 1 } }], testMetadata());
      await Promise.all([first.catchUp(), second.catchUp()]);
      const states = [...(await first.health(fx.dataSource)), ...(await second.health(fx.dataSource))].map((h) => h.state);
      expect(states.sort()).toEqual(['active', 'standby']);
      expect(await seenPositions(name)).toHaveLength(await countHandled());

      const firstIsActive = (await first.health(fx.dataSource))[0]?.state === 'active';
      const [active, standby] = firstIsActive ? [first, second] : [second, first];
      await active.stop();
      await fx.store.append(stream, 1, [{ type: 'Counted', data: { n: 2 } }], testMetadata());
      await standby.catchUp();
      expect((await standby.health(fx.dataSource))[0]?.state).toBe('active');
      expect(await seenPositions(name)).toHaveLength(await countHandled());
    } finally {
      await first.stop();
      await second.stop();
    }
  });

  it('is woken by NOTIFY when events are appended', async () => {
    const name = 'notified';
    const runner = runnerWith(new RecordingProjection(name));
    await runner.start();
    try {
      await runner.catchUp();
      const appended = await fx.store.append(uniqueStream(), NO_STREAM, [{ type: 'Counted', data: { n: 5 } }], testMetadata());
      // The poll interval is a minute: only the notification can bring the event in this quickly.
      await eventually(
        () => seenPositions(name),
        (seen) => seen.includes(appended.globalPositions[0] ?? -1),
        { intervalMs: 20, what: 'the projection woken by the notification' },
      );
    } finally {
      await runner.stop();
    }
  });
});

describe('reactors', () => {
  it('advance their checkpoint only after the side effect succeeded, so a failed effect is tried again', async () => {
    const delivered: number[] = [];
    let failNext = true;
    const reactor: Projection = {
      name: 'flaky-mailer',
      eventTypes: ['Mailed'],
      apply: async (events) => {
        for (const event of events) {
          delivered.push(event.globalPosition);
          if (failNext) {
            failNext = false;
            throw new Error('the mail server refused the connection');
          }
        }
      },
      reset: async () => undefined,
    };
    const runner = runnerWith(reactor);
    try {
      const appended = await fx.store.append(uniqueStream(), NO_STREAM, [{ type: 'Mailed', data: {} }], testMetadata());
      const position = appended.globalPositions[0];
      // The event may wait behind other transactions of the server before it is visible: poll until it is tried.
      await eventually(
        () => runner.pollOnce(),
        () => delivered.length > 0,
        { intervalMs: 0, what: 'the event tried by the reactor' },
      );
      expect((await runner.health(fx.dataSource))[0]).toMatchObject({ lag: 1, lastError: 'the mail server refused the connection' });
      await runner.catchUp();
      expect(delivered).toEqual([position, position]);
      expect((await runner.health(fx.dataSource))[0]).toMatchObject({ lag: 0, lastError: null });
    } finally {
      await runner.stop();
    }
  });
});

describe('hash chain verification', () => {
  it('names the first tampered event of a stream', async () => {
    const streamId = uniqueStream();
    await fx.store.append(
      streamId,
      NO_STREAM,
      [1, 2, 3].map((n) => ({ type: 'Fined', data: { amountFen: n * 100 } })),
      testMetadata(),
    );
    expect(await fx.store.verifyStream(streamId)).toMatchObject({ ok: true, version: 3 });
    // Someone with superuser rights bypasses the append-only trigger and edits the fine.
    await fx.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        `UPDATE events SET data = '{"amountFen": 1}' WHERE stream_id = $1 AND stream_version = 2`,
        [streamId],
      );
    });
    expect(await fx.store.verifyStream(streamId)).toEqual({
      streamId,
      ok: false,
      brokenAtVersion: 2,
      reason: 'the event does not match its hash',
    });
  });

  it('reports a deleted last event through the stream head', async () => {
    const streamId = uniqueStream();
    await fx.store.append(streamId, NO_STREAM, [1, 2].map((n) => ({ type: 'N', data: { n } })), testMetadata());
    await fx.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query('DELETE FROM events WHERE stream_id = $1 AND stream_version = 2', [streamId]);
    });
    expect(await fx.store.verifyStream(streamId)).toMatchObject({ ok: false, brokenAtVersion: 2 });
  });
});

describe('upcasters', () => {
  it('turn an old schema version into the current one on read, leaving the stored row as it was', async () => {
    const { UpcasterRegistry } = await import('../../src/eventstore/upcasters.js');
    const upcasters = new UpcasterRegistry()
      .register('FineImposed', 1, (data) => ({ amountFen: Math.round((data as { amountYuan: number }).amountYuan * 100) }))
      .register('FineImposed', 2, (data) => ({ ...(data as object), currency: 'CNY' }));
    const store = new PostgresEventStore(fx.dataSource, upcasters);
    const streamId = uniqueStream();
    await store.append(streamId, NO_STREAM, [{ type: 'FineImposed', data: { amountYuan: 12.5 } }], testMetadata());
    const [event] = await store.readStream(streamId);
    expect(event).toMatchObject({ schemaVersion: 3, data: { amountFen: 1250, currency: 'CNY' } });
    expect(await store.verifyStream(streamId)).toMatchObject({ ok: true });
  });
});
