import { describe, expect, it } from '@jest/globals';
import { ConfigError, DEFAULT_DATABASE_URL, loadConfig } from './config.js';

const SECRET = 'a-secret-that-is-long-enough-for-hs256!';

describe('configuration', () => {
  it('has defaults for a local machine', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      databaseUrl: DEFAULT_DATABASE_URL,
      redisUrl: 'redis://127.0.0.1:6379',
      logLevel: 'info',
      migrationsRun: true,
      jwtSecretIsDevelopmentDefault: true,
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
      }),
    ).toMatchObject({
      port: 8080,
      databaseUrl: 'postgresql://app@db:5432/casetrail',
      redisUrl: 'rediss://cache:6380',
      jwtSecret: SECRET,
      jwtSecretIsDevelopmentDefault: false,
      logLevel: 'debug',
      migrationsRun: false,
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
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
