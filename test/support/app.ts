import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { ProjectionRunner } from '../../src/eventstore/projections/projection-runner.js';
import { issueToken } from '../../src/identity/auth/token-issuer.js';
import type { Role } from '../../src/identity/domain/roles.js';
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

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'false',
    PROJECTION_POLL_MS: '200',
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  return {
    app,
    database,
    http: () => request(app.getHttpServer()),
    token: ({ sub = 'user-1', name = '测试用户', agency = 'dazu-emb', roles }) =>
      issueToken({ sub, name, agency, roles }, TEST_JWT_SECRET),
    settle: () => app.get(ProjectionRunner).catchUp(),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
