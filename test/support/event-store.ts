import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { type EventMetadata } from '../../src/eventstore/event.js';
import { PostgresEventStore } from '../../src/eventstore/event-store.js';
import { poolExecutor } from '../../src/shared/database/data-source.js';
import { createDataSource } from '../../src/database.js';
import { type TestDatabase, createTestDatabase } from './database.js';

export interface EventStoreFixture {
  readonly database: TestDatabase;
  readonly dataSource: DataSource;
  readonly store: PostgresEventStore;
  close(): Promise<void>;
}

export async function eventStoreFixture(poolSize = 10): Promise<EventStoreFixture> {
  const database = await createTestDatabase();
  const dataSource = createDataSource({ databaseUrl: database.url, poolSize });
  await dataSource.initialize();
  return {
    database,
    dataSource,
    store: new PostgresEventStore(poolExecutor(dataSource)),
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

export function testMetadata(overrides: Partial<EventMetadata> = {}): Omit<EventMetadata, 'occurredAt'> {
  return {
    actorId: 'officer-test',
    actorRoles: ['officer'],
    agencyId: 'dazu-emb',
    correlationId: randomUUID(),
    causationId: null,
    requestId: null,
    ...overrides,
  };
}

export const uniqueStream = (type = 'test'): string => `${type}-${randomUUID()}`;
