import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { issueToken } from '../../src/identity/auth/token-issuer.js';
import type { Role } from '../../src/shared/domain/roles.js';
import type { Clock } from '../../src/shared/clock.js';
import { loadConfig } from '../../src/shared/config/config.js';
import { type TestDatabase, createTestDatabase } from './database.js';

export const TEST_JWT_SECRET = 'casetrail-test-secret-0123456789abcdef';

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly database: TestDatabase;
  http(): ReturnType<typeof request>;
  token(claims: { sub?: string; name?: string; agency?: string; roles: Role[] }): string;
  /** Waits until every projection has applied every committed event. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  /** Start on this database (a restart) instead of a fresh one; closing the app then leaves it. */
  readonly database?: TestDatabase;
  /** Modules to add to the application (one not yet in AppModule). */
  readonly extraModules?: readonly Type[];
}

export { dropQueues };

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { env = {}, clock, extraModules = [] } = options;
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'false',
    PROJECTION_POLL_MS: '200',
    // Each test app has queues of its own: test files run in parallel on one Redis.
    QUEUE_PREFIX: database.name,
    ...env,
  });
  const app = await createApp(config, extraModules, clock);
  try {
    await app.init();
  } catch (error) {
    // A start-up that fails half-way has opened pools and queue connections: close them, or the test process hangs.
    await app.close().catch(() => undefined);
    if (!options.database) await database.drop();
    throw error;
  }
  return {
    app,
    database,
    http: () => request(app.getHttpServer()),
    token: ({ sub = 'user-1', name = '测试用户', agency = 'dazu-emb', roles }) =>
      issueToken({ sub, name, agency, roles }, TEST_JWT_SECRET),
    settle: () => app.get(ProjectionRunner).catchUp(),
    close: async () => {
      await app.close();
      if (options.database) return;
      await database.drop();
      await dropQueues(database.name);
    },
  };
}

/** Removes the BullMQ keys of a test app (its queue prefix is its database name). */
async function dropQueues(prefix: string): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
