/**
 * Throughput of the event store against plain PostgreSQL doing the same work, on a database of its own
 * (`casetrail_bench`, dropped and recreated). Run with `npm run bench`; BENCH_APPENDS, BENCH_EVENTS and
 * BENCH_ROUNDS size it, BENCH_DATABASE_SERVER_URL names the (local) server.
 */
import { type DataSource } from 'typeorm';
import { PostgresEventStore } from '../src/eventstore/event-store.js';
import { createDataSource, poolExecutor, runMigrations } from '../src/shared/database/data-source.js';
import { appendsPerRound, benchAppend } from './append-bench.js';
import { type BenchConfig, CONCURRENT_WRITERS, POOL_SIZE, loadBenchConfig } from './config.js';
import { dropBenchDatabase, recreateBenchDatabase } from './database.js';
import { benchRebuild } from './rebuild-bench.js';
import { type Comparison, printReport } from './report.js';

const APPEND_TARGET = 1.0;
const REBUILD_TARGET = 0.35;

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

async function main(): Promise<void> {
  const config = loadBenchConfig();
  await recreateBenchDatabase(config);
  try {
    await runMigrations({ databaseUrl: config.databaseUrl, poolSize: 2 });
    const dataSource = createDataSource({ databaseUrl: config.databaseUrl, poolSize: POOL_SIZE });
    await dataSource.initialize();
    try {
      printReport(await compare(dataSource, config));
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await dropBenchDatabase(config);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
