/**
 * Throughput of the event store against plain PostgreSQL doing the same work, on a database of its own
 * (`casetrail_bench`, dropped and recreated), then of the case command path over HTTP against a bare insert behind
 * the same pipeline, on another (`casetrail_bench_http`), then of the deadline-scheduler reactor against a raw BullMQ
 * addBulk of the same jobs, on a third (`casetrail_bench_deadlines`) and queues under the `casetrail-bench` prefix of
 * the local Redis, whose keys are deleted at the end. Run with `npm run bench`; BENCH_APPENDS, BENCH_EVENTS,
 * BENCH_HTTP_REQUESTS, BENCH_DEADLINES, BENCH_ROUNDS and BENCH_DEADLINE_ROUNDS size it, BENCH_DATABASE_SERVER_URL
 * names the (local) server.
 */
import { type DataSource } from 'typeorm';
import { PostgresEventStore } from '../src/eventstore/event-store.js';
import { createDataSource, poolExecutor, runMigrations } from '../src/shared/database/data-source.js';
import { appendsPerRound, benchAppend } from './append-bench.js';
import {
  BENCH_DATABASE,
  type BenchConfig,
  CONCURRENT_WRITERS,
  HTTP_CLIENTS,
  POOL_SIZE,
  loadBenchConfig,
} from './config.js';
import { withScratchDatabase } from './database.js';
import { benchDeadlineScheduling, deadlineJobsPerRound } from './deadline-bench.js';
import { benchHazardsOverHttp, httpRequestsPerRound } from './http-bench.js';
import { deleteBenchQueueKeys } from './queue-keys.js';
import { benchRebuild } from './rebuild-bench.js';
import { type Comparison, printReport } from './report.js';

const APPEND_TARGET = 1.0;
const REBUILD_TARGET = 0.35;
const HTTP_HAZARD_TARGET = 0.5;
const DEADLINE_SCHEDULING_TARGET = 0.4;

async function compare(dataSource: DataSource, config: BenchConfig): Promise<Comparison[]> {
  const store = new PostgresEventStore(poolExecutor(dataSource));
  console.log(
    `append: ${config.rounds} rounds of ${appendsPerRound(config)} single-event appends per side, ` +
      `${CONCURRENT_WRITERS} concurrent writers...`,
  );
  const [ourAppends, plainInserts] = await benchAppend(dataSource, store, config);
  const [rebuilds, scans] = await benchRebuild(dataSource, store, config);
  return [
    { title: 'append', ours: ourAppends, baseline: plainInserts, target: APPEND_TARGET },
    { title: 'rebuild', ours: rebuilds, baseline: scans, target: REBUILD_TARGET },
  ];
}

function compareEventStore(config: BenchConfig): Promise<Comparison[]> {
  return withScratchDatabase(config, BENCH_DATABASE, async () => {
    await runMigrations({ databaseUrl: config.databaseUrl, poolSize: 2 });
    const dataSource = createDataSource({ databaseUrl: config.databaseUrl, poolSize: POOL_SIZE });
    await dataSource.initialize();
    try {
      return await compare(dataSource, config);
    } finally {
      await dataSource.destroy();
    }
  });
}

async function compareHazardsOverHttp(config: BenchConfig): Promise<Comparison> {
  console.log(
    `hazards over HTTP: ${config.rounds} rounds of ${httpRequestsPerRound(config)} requests per side, ` +
      `${HTTP_CLIENTS} concurrent clients...`,
  );
  const [hazards, bareInserts] = await benchHazardsOverHttp(config);
  return { title: 'hazards over HTTP', ours: hazards, baseline: bareInserts, target: HTTP_HAZARD_TARGET };
}

async function compareDeadlineScheduling(config: BenchConfig): Promise<Comparison> {
  console.log(
    `deadline jobs: ${config.deadlineRounds} rounds of ${deadlineJobsPerRound(config)} delayed jobs per side ` +
      `(${config.deadlines} deadlines, one job per stage), rates in jobs/s...`,
  );
  const [reactor, addBulk] = await benchDeadlineScheduling(config);
  return { title: 'deadline jobs', ours: reactor, baseline: addBulk, target: DEADLINE_SCHEDULING_TARGET };
}

async function main(): Promise<void> {
  const config = loadBenchConfig();
  // Left over by a run that was killed: its jobs would be counted with this run's.
  await deleteBenchQueueKeys();
  try {
    const eventStore = await compareEventStore(config);
    const hazards = await compareHazardsOverHttp(config);
    printReport([...eventStore, hazards, await compareDeadlineScheduling(config)]);
  } finally {
    await deleteBenchQueueKeys();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
