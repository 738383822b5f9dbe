/**
 * Throughput of the event store against plain PostgreSQL doing the same work, and of its appends and reads of
 * personal data sealed by the vault against the same events unsealed, on a database of its own
 * (`casetrail_bench`, dropped and recreated), then of the case command path over HTTP against a bare insert behind
 * the same pipeline, on another (`casetrail_bench_http`), then of the deadline-scheduler reactor against a raw BullMQ
 * addBulk of the same jobs, on a third (`casetrail_bench_deadlines`) and queues under the `casetrail-bench` prefix of
 * the local Redis, whose keys are deleted at the end, then of the statistics projection rebuilt over a generated year
 * (`casetrail_bench_statistics`) and the p99 of its one-year query. Run with `npm run bench`; BENCH_APPENDS, BENCH_EVENTS,
 * BENCH_HTTP_REQUESTS, BENCH_DEADLINES, BENCH_STATISTICS_EVENTS, BENCH_ROUNDS, BENCH_DEADLINE_ROUNDS and
 * BENCH_STATISTICS_ROUNDS size it, BENCH_DATABASE_SERVER_URL
 * names the (local) server.
 */
import { type DataSource } from 'typeorm';
import { PostgresEventStore } from '../src/eventstore/event-store.js';
import { poolExecutor } from '../src/shared/database/data-source.js';
import { createDataSource, runMigrations } from '../src/database.js';
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
import { benchSealing, sealedEventsPerRound } from './sealing-bench.js';
import { benchStatistics } from './statistics-bench.js';
import { type Comparison, printReport } from './report.js';

const APPEND_TARGET = 1.0;
const REBUILD_TARGET = 0.35;
// Sealing costs a key round trip and AES-GCM per append of a new subject, and a key query per cold read (each stream
// is read once here, so no key is cached yet): measured 0.33 and 0.28-0.34 on a loaded 2-core machine.
const SEALED_APPEND_TARGET = 0.25;
const SEALED_READ_TARGET = 0.2;
const HTTP_HAZARD_TARGET = 0.5;
const DEADLINE_SCHEDULING_TARGET = 0.4;
const STATISTICS_REBUILD_TARGET = 0.35;
const STATISTICS_QUERY_P99_TARGET_MS = 50;

async function compare(dataSource: DataSource, config: BenchConfig): Promise<Comparison[]> {
  const store = new PostgresEventStore(poolExecutor(dataSource));
  console.log(
    `append: ${config.rounds} rounds of ${appendsPerRound(config)} single-event appends per side, ` +
      `${CONCURRENT_WRITERS} concurrent writers...`,
  );
  const [ourAppends, plainInserts] = await benchAppend(dataSource, store, config);
  const [rebuilds, scans] = await benchRebuild(dataSource, store, config);
  console.log(
    `sealing: ${config.rounds} rounds of ${sealedEventsPerRound(config)} events with personal data per side ` +
      `(cases opened against a person, two more persons each), with and without the vault, then read back...`,
  );
  const sealing = await benchSealing(dataSource, config);
  return [
    { title: 'append', ours: ourAppends, baseline: plainInserts, target: APPEND_TARGET },
    { title: 'rebuild', ours: rebuilds, baseline: scans, target: REBUILD_TARGET },
    { title: 'sealed append', ours: sealing.append[0], baseline: sealing.append[1], target: SEALED_APPEND_TARGET },
    { title: 'sealed read', ours: sealing.read[0], baseline: sealing.read[1], target: SEALED_READ_TARGET },
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

const PHASES = ['eventstore', 'http', 'deadlines', 'statistics'] as const;
type Phase = (typeof PHASES)[number];

/** BENCH_ONLY=statistics,http runs only those phases (all by default). */
function selectedPhases(): ReadonlySet<Phase> {
  const raw = process.env.BENCH_ONLY?.trim();
  if (!raw) return new Set(PHASES);
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PHASES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown phase ${unknown.join(', ')} (phases: ${PHASES.join(', ')})`);
  return new Set(names as Phase[]);
}

async function main(): Promise<void> {
  const config = loadBenchConfig();
  const phases = selectedPhases();
  // Left over by a run that was killed: its jobs would be counted with this run's.
  await deleteBenchQueueKeys();
  try {
    const comparisons: Comparison[] = [];
    if (phases.has('eventstore')) comparisons.push(...(await compareEventStore(config)));
    if (phases.has('http')) comparisons.push(await compareHazardsOverHttp(config));
    if (phases.has('deadlines')) comparisons.push(await compareDeadlineScheduling(config));
    const statistics = phases.has('statistics') ? await benchStatistics(config) : null;
    if (statistics) {
      comparisons.push({ title: 'statistics rebuild', ours: statistics.rebuild, baseline: statistics.scan, target: STATISTICS_REBUILD_TARGET });
    }
    printReport(comparisons);
    if (statistics) {
      const { p50Ms, p99Ms } = statistics.query;
      console.log(
        `statistics query (one year, district-wide, ${statistics.events} events): p50 ${p50Ms.toFixed(1)} ms p99 ${p99Ms.toFixed(1)} ms ` +
          `target p99 < ${STATISTICS_QUERY_P99_TARGET_MS} ms: ${p99Ms < STATISTICS_QUERY_P99_TARGET_MS ? 'MET' : 'NOT MET'}`,
      );
    }
  } finally {
    await deleteBenchQueueKeys();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
