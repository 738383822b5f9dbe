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
  /** The database of the deadline scheduling comparison. */
  readonly deadlinesDatabaseUrl: string;
  /** Deadline-bearing events seeded for the deadline scheduling comparison; each becomes one job per stage. */
  readonly deadlines: number;
  readonly rounds: number;
  /** Rounds of the deadline scheduling comparison: each is long, so it runs fewer. */
  readonly deadlineRounds: number;
  /** The database of the statistics comparison. */
  readonly statisticsDatabaseUrl: string;
  /** Events of the generated year the statistics projection is rebuilt over. */
  readonly statisticsEvents: number;
  readonly statisticsRounds: number;
}

export const BENCH_DATABASE = 'casetrail_bench';
export const HTTP_BENCH_DATABASE = 'casetrail_bench_http';
export const DEADLINES_BENCH_DATABASE = 'casetrail_bench_deadlines';
export const STATISTICS_BENCH_DATABASE = 'casetrail_bench_statistics';
const DEFAULT_SERVER_URL = 'postgres://postgres:postgres@127.0.0.1:5432';
/** The bench drops a database by name: it must never reach any server but the local one. */
const ONLY_HOST = '127.0.0.1';
export const LOCAL_REDIS_URL = `redis://${ONLY_HOST}:6379`;
/**
 * The BullMQ prefix of every queue the bench makes or starts an application with: its workers never take jobs of
 * another process on the same Redis, and its keys are deleted at the end of the run.
 */
export const BENCH_QUEUE_PREFIX = 'casetrail-bench';

export const CONCURRENT_WRITERS = 8;
export const POOL_SIZE = 10;
/** Events per batch of a rebuild, and rows per page of the scan it is held against. */
export const REBUILD_BATCH_SIZE = 5000;
export const HTTP_CLIENTS = 32;
const MAX_DEADLINE_ROUNDS = 3;

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
  const rounds = positiveInteger('BENCH_ROUNDS', 5);
  return {
    maintenanceUrl: databaseUrlOn(server, 'postgres'),
    databaseUrl: databaseUrlOn(server, BENCH_DATABASE),
    httpDatabaseUrl: databaseUrlOn(server, HTTP_BENCH_DATABASE),
    appendsPerRound: positiveInteger('BENCH_APPENDS', 4000),
    seedEvents: positiveInteger('BENCH_EVENTS', 50_000),
    httpRequestsPerRound: positiveInteger('BENCH_HTTP_REQUESTS', 1280),
    deadlinesDatabaseUrl: databaseUrlOn(server, DEADLINES_BENCH_DATABASE),
    deadlines: positiveInteger('BENCH_DEADLINES', 20_000),
    rounds,
    deadlineRounds: positiveInteger('BENCH_DEADLINE_ROUNDS', Math.min(rounds, MAX_DEADLINE_ROUNDS)),
    statisticsDatabaseUrl: databaseUrlOn(server, STATISTICS_BENCH_DATABASE),
    statisticsEvents: positiveInteger('BENCH_STATISTICS_EVENTS', 1_000_000),
    statisticsRounds: positiveInteger('BENCH_STATISTICS_ROUNDS', Math.min(rounds, MAX_DEADLINE_ROUNDS)),
  };
}
