import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';

const SECRET = 'a-secret-that-is-long-enough-for-hs256!';

describe('configuration', () => {
  it('runs embedded, on PGlite with its queues in it, when no server is named', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      database: { kind: 'embedded', dataDir: path.resolve('data') },
      databaseUrl: '',
      databasePoolSize: 8,
      queues: { kind: 'postgres' },
      projectionPollMs: 500,
      logLevel: 'info',
      migrationsRun: true,
      jwtSecretIsDevelopmentDefault: true,
    });
  });

  it('keeps the embedded data where CASETRAIL_DATA_DIR says', () => {
    expect(loadConfig({ CASETRAIL_DATA_DIR: '/var/lib/casetrail' }).database).toEqual({ kind: 'embedded', dataDir: '/var/lib/casetrail' });
  });

  it('keeps the queues in PostgreSQL when only DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/casetrail' })).toMatchObject({
      database: { kind: 'server', url: 'postgres://db/casetrail' },
      databasePoolSize: 10,
      queues: { kind: 'postgres' },
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        DATABASE_URL: 'postgresql://app@db:5432/casetrail',
        REDIS_URL: 'rediss://cache:6380',
        JWT_SECRET: SECRET,
        LOG_LEVEL: 'DEBUG',
        MIGRATIONS_RUN: 'false',
        METRICS_TOKEN: 'scraper-token-0123456789',
      }),
    ).toMatchObject({
      port: 8080,
      database: { kind: 'server', url: 'postgresql://app@db:5432/casetrail' },
      databaseUrl: 'postgresql://app@db:5432/casetrail',
      queues: { kind: 'redis', url: 'rediss://cache:6380' },
      projectionPollMs: 1000,
      jwtSecret: SECRET,
      jwtSecretIsDevelopmentDefault: false,
      logLevel: 'debug',
      migrationsRun: false,
      metricsToken: 'scraper-token-0123456789',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'Configuration error: PORT must be an integer between 1 and 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'Configuration error: PORT must be an integer between 1 and 65535 (got "70000")'],
    [{ DATABASE_URL: 'not a url' }, 'Configuration error: DATABASE_URL must be a URL like postgres://postgres:postgres@127.0.0.1:5432/casetrail (got a value that is not a URL)'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'Configuration error: DATABASE_URL must use one of postgres:, postgresql: (got "mysql:")'],
    [{ REDIS_URL: 'http://cache' }, 'Configuration error: REDIS_URL must use one of redis:, rediss: (got "http:")'],
    [{ JWT_SECRET: 'short' }, 'Configuration error: JWT_SECRET must be at least 32 characters long'],
    [{ NODE_ENV: 'production' }, 'Configuration error: JWT_SECRET is required when NODE_ENV=production'],
    [{ LOG_LEVEL: 'loud' }, 'Configuration error: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'Configuration error: MIGRATIONS_RUN must be true or false (got "maybe")'],
    [{ METRICS_TOKEN: 'short' }, 'Configuration error: METRICS_TOKEN must be at least 16 characters without spaces'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
