/** What one bench run does, read from the environment once at start. */
export interface BenchConfig {
  /** The maintenance database, used to drop and create the bench databases. */
  readonly maintenanceUrl: string;
  readonly databaseUrl: string;
  /** The database of the application started for the HTTP comparison. */
  readonly httpDatabaseUrl: string;
  /** Appends per side in each timed round. */
  readonly appendsPerRound: number;
  /** Events seeded before the rebuild rounds, on top of those the append rounds left. */
  readonly seedEvents: number;
  /** Requests per side in each timed HTTP round. */
  readonly httpRequestsPerRound: number;
  readonly rounds: number;
}

export const BENCH_DATABASE = 'casetrail_bench';
export const HTTP_BENCH_DATABASE = 'casetrail_bench_http';
const DEFAULT_SERVER_URL = 'postgres://postgres:postgres@127.0.0.1:5432';
/** The bench drops a database by name: it must never reach any server but the local one. */
const ONLY_HOST = '127.0.0.1';

export const CONCURRENT_WRITERS = 8;
export const POOL_SIZE = 10;
export const REBUILD_BATCH_SIZE = 1000;
export const HTTP_CLIENTS = 32;

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer (got "${raw}")`);
  }
  return value;
}

function databaseUrlOn(server: URL, database: string): string {
  const url = new URL(server.toString());
  url.pathname = `/${database}`;
  return url.toString();
}

export function loadBenchConfig(): BenchConfig {
  const server = new URL(process.env.BENCH_DATABASE_SERVER_URL?.trim() || DEFAULT_SERVER_URL);
  if (server.hostname !== ONLY_HOST) {
    throw new Error(`BENCH_DATABASE_SERVER_URL must point at ${ONLY_HOST} (got host "${server.hostname}")`);
  }
  return {
    maintenanceUrl: databaseUrlOn(server, 'postgres'),
    databaseUrl: databaseUrlOn(server, BENCH_DATABASE),
    httpDatabaseUrl: databaseUrlOn(server, HTTP_BENCH_DATABASE),
    appendsPerRound: positiveInteger('BENCH_APPENDS', 4000),
    seedEvents: positiveInteger('BENCH_EVENTS', 50_000),
    httpRequestsPerRound: positiveInteger('BENCH_HTTP_REQUESTS', 1280),
    rounds: positiveInteger('BENCH_ROUNDS', 5),
  };
}
