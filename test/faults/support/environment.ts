import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { AppProcess, ROOT } from './app-process.js';
import { openPool } from './checks.js';
import { type PrivatePostgres, type PrivateRedis, startPostgres, startRedis } from './services.js';
import { type Staff, setUpAgency } from './workload.js';

/** A scenario's world: its own PostgreSQL and Redis, the app instances on them, and a pool for the checks. */
export interface Environment {
  readonly postgres: PrivatePostgres;
  readonly redis: PrivateRedis;
  readonly databaseUrl: string;
  readonly apps: AppProcess[];
  readonly staff: Staff;
  /** Opened after the first instance migrated the database. */
  readonly pool: pg.Pool;
  /** Stops the apps and removes the servers and their files; safe to call after a failure, and twice. */
  close(): Promise<void>;
}

export async function startEnvironment(label: string, options: { instances?: number; env?: Record<string, string> } = {}): Promise<Environment> {
  const postgres = await startPostgres(label);
  let redis: PrivateRedis | null = null;
  const apps: AppProcess[] = [];
  let pool: pg.Pool | null = null;
  const close = async (): Promise<void> => {
    await Promise.all(apps.map((app) => app.kill().catch(() => undefined)));
    // What the servers printed, for the failure's investigation.
    const dir = path.join(ROOT, 'test-results', 'faults');
    mkdirSync(dir, { recursive: true });
    apps.forEach((app, i) => writeFileSync(path.join(dir, `${label}-instance-${i + 1}.log`), app.tail(200_000)));
    await pool?.end().catch(() => undefined);
    pool = null;
    redis?.destroy();
    postgres.destroy();
  };
  try {
    redis = await startRedis();
    const databaseUrl = postgres.urlOf('casetrail');
    for (let i = 0; i < (options.instances ?? 1); i += 1) {
      apps.push(new AppProcess(`instance ${i + 1}`, { databaseUrl, redisUrl: redis.url, env: options.env ?? {} }));
    }
    // The first migrates; the others start on the migrated database.
    await apps[0]?.start();
    await Promise.all(apps.slice(1).map((app) => app.start()));
    const staff = await setUpAgency(apps[0]?.url ?? '');
    pool = openPool(databaseUrl);
    return { postgres, redis, databaseUrl, apps, staff, pool, close };
  } catch (error) {
    await close();
    throw error;
  }
}
