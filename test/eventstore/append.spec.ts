import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANY, NO_STREAM } from '../../src/eventstore/event.js';
import { DuplicateEventError, WrongExpectedVersionError } from '../../src/eventstore/errors.js';
import { GENESIS_HASH } from '../../src/eventstore/hash-chain.js';
import { type EventStoreFixture, eventStoreFixture, testMetadata, uniqueStream } from '../support/event-store.js';

let fx: EventStoreFixture;
beforeAll(async () => {
  fx = await eventStoreFixture(60);
});
afterAll(async () => {
  await fx.close();
});

describe('append', () => {
  it('appends to a new stream and reads the events back in order, chained from the genesis hash', async () => {
    const streamId = uniqueStream();
    const result = await fx.store.append(
      streamId,
      NO_STREAM,
      [
        { type: 'ThingHappened', data: { n: 1, note: '检查' } },
        { type: 'ThingHappened', data: { n: 2, nested: { b: 1, a: [1, 2] } } },
      ],
      { ...testMetadata(), occurredAt: '2026-03-02T01:00:00.000Z' },
    );
    expect(result.nextVersion).toBe(2);
    expect(result.globalPositions).toHaveLength(2);

    const events = await fx.store.readStream(streamId);
    expect(events.map((e) => [e.streamVersion, e.type, e.data])).toEqual([
      [1, 'ThingHappened', { n: 1, note: '检查' }],
      [2, 'ThingHappened', { n: 2, nested: { b: 1, a: [1, 2] } }],
    ]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events[1]?.hash).toBe(result.lastHash);
    expect(events[0]?.metadata.occurredAt).toBe('2026-03-02T01:00:00.000Z');
    expect(events[0]?.metadata.agencyId).toBe('dazu-emb');
    expect(events[0]?.streamType).toBe('test');
    expect(await fx.store.verifyStream(streamId)).toMatchObject({ ok: true, version: 2 });
  });

  it('refuses "no stream" when the stream exists, writing nothing', async () => {
    const streamId = uniqueStream();
    await fx.store.append(streamId, NO_STREAM, [{ type: 'A', data: {} }], testMetadata());
    await expect(fx.store.append(streamId, NO_STREAM, [{ type: 'B', data: {} }], testMetadata())).rejects.toEqual(
      new WrongExpectedVersionError(streamId, NO_STREAM, 1),
    );
    expect((await fx.store.readStream(streamId)).map((e) => e.type)).toEqual(['A']);
  });

  it('refuses a stale expected version and an expected version on a missing stream', async () => {
    const streamId = uniqueStream();
    await fx.store.append(streamId, NO_STREAM, [{ type: 'A', data: {} }], testMetadata());
    await fx.store.append(streamId, 1, [{ type: 'B', data: {} }], testMetadata());
    const stale = fx.store.append(streamId, 1, [{ type: 'C', data: {} }], testMetadata());
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(stale).rejects.toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    await expect(fx.store.append(uniqueStream(), 3, [{ type: 'A', data: {} }], testMetadata())).rejects.toMatchObject({
      currentVersion: 0,
    });
    expect(await fx.store.streamVersion(streamId)).toBe(2);
  });

  it('appends with "any" to new and existing streams', async () => {
    const streamId = uniqueStream();
    expect((await fx.store.append(streamId, ANY, [{ type: 'A', data: {} }], testMetadata())).nextVersion).toBe(1);
    expect((await fx.store.append(streamId, ANY, [{ type: 'B', data: {} }], testMetadata())).nextVersion).toBe(2);
    expect(await fx.store.verifyStream(streamId)).toMatchObject({ ok: true, version: 2 });
  });

  it('lets exactly one of 50 concurrent appends with the same expected version win', async () => {
    const streamId = uniqueStream();
    await fx.store.append(streamId, NO_STREAM, [{ type: 'Opened', data: {} }], testMetadata());
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, (_, writer) =>
        fx.store.append(
          streamId,
          1,
          [
            { type: 'Written', data: { writer, part: 1 } },
            { type: 'Written', data: { writer, part: 2 } },
          ],
          testMetadata(),
        ),
      ),
    );
    const won = attempts.flatMap((a, writer) => (a.status === 'fulfilled' ? [writer] : []));
    const conflicts = attempts.filter(
      (a) => a.status === 'rejected' && a.reason instanceof WrongExpectedVersionError,
    );
    expect(won).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    const events = await fx.store.readStream(streamId);
    expect(events.map((e) => e.data)).toEqual([{}, { writer: won[0], part: 1 }, { writer: won[0], part: 2 }]);
    expect(await fx.store.verifyStream(streamId)).toMatchObject({ ok: true, version: 3 });
  });

  it('refuses a duplicate event id without writing any of the batch', async () => {
    const streamId = uniqueStream();
    const eventId = '6c1f1a3e-8a4b-4a57-9d61-3f0c1f3b9a01';
    await fx.store.append(streamId, NO_STREAM, [{ type: 'A', data: {}, eventId }], testMetadata());
    await expect(
      fx.store.append(streamId, 1, [{ type: 'B', data: {} }, { type: 'C', data: {}, eventId }], testMetadata()),
    ).rejects.toBeInstanceOf(DuplicateEventError);
    expect(await fx.store.streamVersion(streamId)).toBe(1);
    expect(await fx.store.readStream(streamId)).toHaveLength(1);
  });

  it('forbids updating or deleting stored events', async () => {
    const streamId = uniqueStream();
    await fx.store.append(streamId, NO_STREAM, [{ type: 'A', data: { fine: 100 } }], testMetadata());
    await expect(
      fx.dataSource.query(`UPDATE events SET data = '{"fine": 1}' WHERE stream_id = $1`, [streamId]),
    ).rejects.toThrow(/append-only/);
    await expect(fx.dataSource.query(`DELETE FROM events WHERE stream_id = $1`, [streamId])).rejects.toThrow(
      /append-only/,
    );
    expect((await fx.store.readStream(streamId))[0]?.data).toEqual({ fine: 100 });
  });

  it('reads a version range of a stream', async () => {
    const streamId = uniqueStream();
    await fx.store.append(
      streamId,
      NO_STREAM,
      [1, 2, 3, 4].map((n) => ({ type: 'N', data: { n } })),
      testMetadata(),
    );
    const middle = await fx.store.readStream(streamId, { fromVersion: 2, toVersion: 3 });
    expect(middle.map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
  });
});

describe('readAll', () => {
  it('orders by transaction id as a number, not as text, across a power of ten', async () => {
    // Two rows with hand-set transaction ids at the largest power of ten already behind every running transaction
    // (so they are visible), e.g. 99999 and 100000: as text, '100000' sorts before '99999'.
    const [row] = await fx.dataSource.query<{ horizon: string }[]>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon',
    );
    const power = 10 ** Math.floor(Math.log10(Number(row?.horizon) - 1));
    const [below, at] = [String(power - 1), String(power)];
    const streamId = uniqueStream();
    for (const [version, xid] of [[1, below], [2, at]] as const) {
      await fx.dataSource.query(
        `INSERT INTO events (transaction_id, stream_id, stream_type, stream_version, event_id, type, schema_version, data,
                             metadata, agency_id, occurred_at, recorded_at, prev_hash, hash)
         VALUES ($1::xid8, $2, 'test', $3, gen_random_uuid(), 'Ordered', 1, '{}', '{}', 'dazu-emb', now(), now(), '\\x00', '\\x00')`,
        [xid, streamId, version],
      );
    }
    const events = await fx.store.readAll({ transactionId: String(power - 2), globalPosition: 0 }, 10_000);
    const ours = events.filter((e) => e.streamId === streamId).map((e) => e.transactionId);
    expect(ours).toEqual([below, at]);
    const after = await fx.store.readAll({ transactionId: below, globalPosition: Number.MAX_SAFE_INTEGER }, 10_000);
    expect(after.filter((e) => e.streamId === streamId).map((e) => e.transactionId)).toEqual([at]);
  });
});
