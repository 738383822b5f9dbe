import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Decider, handleCommand } from '../../src/eventstore/command-handling.js';
import { ANY, NO_STREAM } from '../../src/eventstore/event.js';
import { UnitOfWork } from '../../src/shared/database/unit-of-work.js';
import { poolExecutor } from '../../src/shared/database/data-source.js';
import { beginTransaction } from '../../src/shared/database/transaction.js';
import { type EventStoreFixture, eventStoreFixture, testMetadata, uniqueStream } from '../support/event-store.js';

type Added = { type: 'Added'; data: Record<string, never> };
const counter: Decider<{ type: 'Add' }, Added, number> = {
  decide: () => [{ type: 'Added', data: {} }],
  evolve: (count) => count + 1,
  initialState: () => 0,
};

let fx: EventStoreFixture;
beforeAll(async () => {
  fx = await eventStoreFixture();
});
afterAll(async () => {
  await fx.close();
});

const unit = (): UnitOfWork => new UnitOfWork(() => beginTransaction(fx.dataSource));
const add = (streamId: string) => handleCommand(fx.store, streamId, counter, { type: 'Add' }, { metadata: testMetadata() });
const types = async (streamId: string): Promise<string[]> => (await fx.store.readStream(streamId)).map((e) => e.type);

describe('a unit of work', () => {
  it('commits every append of a request in one transaction, and announces them only after the commit', async () => {
    const [first, second] = [uniqueStream(), uniqueStream()];
    let announced = 0;
    const stop = fx.store.onAnnounce(() => (announced += 1));
    try {
      const request = unit();
      const seenInside = await request.enter(async () => {
        await add(first);
        await fx.store.append(second, NO_STREAM, [{ type: 'Other', data: {} }], testMetadata());
        return types(first);
      });
      expect(seenInside).toEqual(['Added']);
      expect(await types(first)).toEqual([]);
      expect(await types(second)).toEqual([]);
      expect(announced).toBe(0);

      await request.commit();
      expect(await types(first)).toEqual(['Added']);
      expect(await types(second)).toEqual(['Other']);
      expect(announced).toBeGreaterThan(0);
    } finally {
      stop();
    }
  });

  it('rolls back every append of the request, and keeps none of their states in the aggregate cache', async () => {
    const streamId = uniqueStream();
    await add(streamId);
    const request = unit();
    expect(await request.enter(() => add(streamId))).toMatchObject({ version: 2, state: 2 });
    await request.rollback();
    expect(await types(streamId)).toEqual(['Added']);
    // A cached version 2 that never committed would make this append expect the wrong version, again and again.
    expect(await add(streamId)).toMatchObject({ version: 2, state: 2 });
  });

  it('undoes only the append that lost a race when handleCommand retries it, keeping the earlier ones', async () => {
    const [earlier, raced] = [uniqueStream(), uniqueStream()];
    await add(raced);
    const outside = poolExecutor(fx.dataSource);
    let attempts = 0;
    const request = unit();
    await request.enter(async () => {
      await add(earlier);
      await handleCommand(fx.store, raced, counter, { type: 'Add' }, {
        metadata: testMetadata(),
        beforeAppend: {
          transaction: () => {
            throw new Error('inside a unit the claim joins its transaction');
          },
          run: async () => {
            attempts += 1;
            // Another request appends first, outside the unit: this attempt's expected version is stale.
            if (attempts === 1) await fx.store.append(raced, ANY, [{ type: 'Other', data: {} }], testMetadata(), outside);
          },
        },
      });
    });
    await request.commit();
    expect(attempts).toBe(2);
    expect(await types(earlier)).toEqual(['Added']);
    expect(await types(raced)).toEqual(['Added', 'Other', 'Added']);
  });

  it('is not joined by work that the request started and that runs on after the unit ended', async () => {
    const streamId = uniqueStream();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const request = unit();
    const late = request.enter(() => gate.then(() => fx.store.append(streamId, NO_STREAM, [{ type: 'Later', data: {} }], testMetadata())));
    await request.commit();
    expect(UnitOfWork.current()).toBeUndefined();
    release();
    await late;
    expect(await types(streamId)).toEqual(['Later']);
  });
});
