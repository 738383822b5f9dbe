import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type DataSource } from 'typeorm';
import { NO_STREAM, type NewEvent } from '../src/eventstore/event.js';
import { PostgresEventStore } from '../src/eventstore/event-store.js';
import { ProjectionRunner } from '../src/eventstore/projections/projection-runner.js';
import { StatisticsProjection } from '../src/reporting/statistics.projection.js';
import { StatisticsReader } from '../src/reporting/statistics.query.js';
import { SubmissionsInForceReader } from '../src/reporting/submissions/submissions-in-force.query.js';
import { poolExecutor } from '../src/shared/database/data-source.js';
import { createDataSource, runMigrations } from '../src/database.js';
import { AGENCIES, Random, commandMetadata } from './case-events.js';
import { type BenchConfig, POOL_SIZE, REBUILD_BATCH_SIZE, STATISTICS_BENCH_DATABASE } from './config.js';
import { waitUntilTheWholeLogIsVisible, withScratchDatabase } from './database.js';
import { type LatencySummary, type Measurement, alternateRounds, rateOf, runWriters, summarizeLatencies } from './measure.js';

const SEED_WRITERS = 8;
const YEAR_START = Date.parse('2025-01-01T00:00:00+08:00');
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** One query to warm the caches, then these timed one after the other. */
const QUERIES = 400;

const pad = (n: number): string => String(n).padStart(2, '0');
const dateOf = (instant: number): string => {
  const shanghai = new Date(instant + 8 * HOUR_MS);
  return `${shanghai.getUTCFullYear()}-${pad(shanghai.getUTCMonth() + 1)}-${pad(shanghai.getUTCDate())}`;
};

const at = (type: string, occurredAt: number, data: Record<string, unknown>): NewEvent => {
  const iso = new Date(occurredAt).toISOString();
  return { type, occurredAt: iso, data: { occurredAt: iso, ...data } };
};

function party(random: Random): Record<string, unknown> {
  const n = random.int(20_000);
  return random.int(10) < 8
    ? { kind: 'organization', name: `企业${n}`, creditCode: `91500111MA${String(n).padStart(8, '0')}`, legalRepresentative: null }
    : { kind: 'person', name: `个人${n}`, idNumber: `500111198001${String(n).padStart(6, '0')}`, phone: null, address: null };
}

const PENALTIES: readonly ((random: Random) => Record<string, unknown>)[] = [
  () => ({ type: 'warning' }),
  (random) => ({ type: 'fine', amountFen: (1 + random.int(500)) * 10_000 }),
  (random) => ({ type: 'fine', amountFen: (1 + random.int(50)) * 100_000 }),
  (random) => ({ type: 'confiscation', amountFen: (1 + random.int(90)) * 10_000 }),
  () => ({ type: 'suspension_order' }),
  () => ({ type: 'licence_suspension', licence: '安全生产许可证' }),
];

/**
 * One case as the statistics see it, in one append: an inspection, hazards and their check, evidence (read past by
 * the projection), a legal review and the decision; then its publication in a stream of its own. 11 events.
 */
function caseFile(random: Random): { caseEvents: NewEvent[]; publicationEvents: NewEvent[] } {
  let time = YEAR_START + random.int(YEAR_MS - 30 * 24 * HOUR_MS);
  const next = (): number => (time += 1 + random.int(48 * HOUR_MS));
  const hazardIds = [randomUUID(), randomUUID()];
  const penalized = random.int(10) < 7;
  const caseEvents = [
    at('CaseOpened', next(), { party: party(random), source: 'routine', officerIds: ['o-1', 'o-2'] }),
    at('HazardFound', next(), { hazardId: hazardIds[0], severity: random.int(50) === 0 ? 'major' : 'general' }),
    at('HazardFound', next(), { hazardId: hazardIds[1], severity: 'general' }),
    at('EvidenceAdded', next(), { evidenceId: randomUUID(), kind: 'photo', sha256: '0'.repeat(64) }),
    at('RectificationChecked', next(), { hazardIds, result: random.int(10) < 9 ? 'rectified' : 'not_rectified' }),
    at('EvidenceAdded', next(), { evidenceId: randomUUID(), kind: 'inquiry_record', sha256: '1'.repeat(64) }),
    at('ReviewSubmitted', next(), { round: 1 }),
    at('ReviewOpinionGiven', next(), { outcome: random.int(10) < 9 ? 'approved' : 'returned' }),
    at('DecisionMade', next(), {
      outcome: penalized ? 'penalty' : 'no_penalty',
      penalties: penalized ? [random.pick(PENALTIES)(random), ...(random.int(3) === 0 ? [random.pick(PENALTIES)(random)] : [])] : [],
      discretion: random.pick(['standard', 'standard', 'standard', 'lighter', 'mitigated']),
      noPenaltyReason: penalized ? null : 'minor_corrected',
    }),
  ];
  const decidedAt = time;
  const dueDate = dateOf(decidedAt + 9 * 24 * HOUR_MS);
  const publishedAt = decidedAt + random.int(14 * 24 * HOUR_MS);
  const publishedOn = dateOf(publishedAt);
  const publicationEvents = [
    at('PublicationPrepared', decidedAt + 1, { dueDate: { date: dueDate, provisional: false, calendarVersion: 'bench' }, withheldReason: null }),
    at('PublicationPublished', publishedAt, { publishedOn, onTime: publishedOn <= dueDate }),
  ];
  return { caseEvents, publicationEvents };
}

async function seed(store: PostgresEventStore, events: number): Promise<void> {
  const perCase = 11;
  const casesPerWriter = Math.ceil(events / perCase / SEED_WRITERS);
  const writers = Array.from({ length: SEED_WRITERS }, (_, index) => new Random(7000 + index));
  let written = 0;
  await runWriters(writers, casesPerWriter, async (random) => {
    const agencyId = random.pick(AGENCIES);
    const { caseEvents, publicationEvents } = caseFile(random);
    const metadata = commandMetadata(random, agencyId);
    await store.append(`case-${randomUUID()}`, NO_STREAM, caseEvents, metadata);
    await store.append(`publication-${randomUUID()}`, NO_STREAM, publicationEvents, metadata);
    written += perCase;
    if (written % 110_000 === 0) console.log(`  ${written} events...`);
  });
}

async function keysetScan(client: pg.Client): Promise<number> {
  let rows = 0;
  let after = '0';
  for (;;) {
    const page = await client.query<{ global_position: string }>(
      `SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT ${REBUILD_BATCH_SIZE}`,
      [after],
    );
    rows += page.rows.length;
    const last = page.rows.at(-1);
    if (!last || page.rows.length < REBUILD_BATCH_SIZE) return rows;
    after = last.global_position;
  }
}

async function queryLatency(reader: StatisticsReader): Promise<LatencySummary> {
  const query = { from: '2025-01-01', to: '2025-12-31', agency: null, asOf: null };
  const first = await reader.read(query);
  if (first.figures.inspections === 0) throw new Error('the one-year statistics counted no inspection');
  const latencies: number[] = [];
  for (let i = 0; i < QUERIES; i += 1) {
    const started = performance.now();
    await reader.read(query);
    latencies.push(performance.now() - started);
  }
  return summarizeLatencies(latencies);
}

export interface StatisticsBenchResult {
  readonly rebuild: Measurement;
  readonly scan: Measurement;
  readonly query: LatencySummary;
  readonly events: number;
}

/**
 * The statistics projection rebuilt over a generated year of case files (BENCH_STATISTICS_EVENTS, default
 * 1,000,000 events) against a keyset scan of the same log, then the one-year district-wide query on what it built.
 */
export function benchStatistics(config: BenchConfig): Promise<StatisticsBenchResult> {
  return withScratchDatabase(config, STATISTICS_BENCH_DATABASE, async () => {
    await runMigrations({ databaseUrl: config.statisticsDatabaseUrl, poolSize: 2 });
    const dataSource: DataSource = createDataSource({ databaseUrl: config.statisticsDatabaseUrl, poolSize: POOL_SIZE });
    await dataSource.initialize();
    const store = new PostgresEventStore(poolExecutor(dataSource));
    const runner = new ProjectionRunner(store, {
      databaseUrl: config.statisticsDatabaseUrl,
      pollMs: 60_000,
      batchSize: REBUILD_BATCH_SIZE,
      rebuildBatchSize: REBUILD_BATCH_SIZE,
    });
    const projection = new StatisticsProjection();
    runner.register(projection);
    const scanner = new pg.Client({ connectionString: config.statisticsDatabaseUrl, application_name: 'casetrail bench scan' });
    await scanner.connect();
    try {
      console.log(`statistics: seeding ${config.statisticsEvents} events of a generated year...`);
      await seed(store, config.statisticsEvents);
      await dataSource.query('VACUUM (ANALYZE) events');
      await waitUntilTheWholeLogIsVisible(dataSource);
      const events = await keysetScan(scanner);
      const [typed] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM events WHERE type = ANY($1::text[])`, [
        projection.eventTypes,
      ]);
      // The rebuild reads past the events of other types (evidence, here 2 in 11) in the database; it answers for the
      // whole log, as the scan does, so both rates count every event of the log.
      const rebuildWhole = async (): Promise<number> => {
        const replayed = await runner.rebuild(projection.name);
        if (replayed !== typed?.n) throw new Error(`the statistics rebuild replayed ${replayed} of the ${typed?.n} events of its types`);
        return events;
      };
      console.log(`statistics: ${config.statisticsRounds} rounds of a rebuild over ${events} events per side...`);
      const [rebuildRates, scanRates] = await alternateRounds(
        config.statisticsRounds,
        () => rateOf(rebuildWhole),
        () => rateOf(() => keysetScan(scanner)),
      );
      await dataSource.query('VACUUM (ANALYZE)');
      console.log(`statistics: ${QUERIES} one-year district-wide queries...`);
      const query = await queryLatency(new StatisticsReader(dataSource, new SubmissionsInForceReader(dataSource)));
      return {
        rebuild: { name: 'statistics rebuild', operationsPerRound: events, rates: rebuildRates },
        scan: { name: 'keyset scan of events', operationsPerRound: events, rates: scanRates },
        query,
        events,
      };
    } finally {
      await scanner.end();
      await runner.stop();
      await dataSource.destroy();
    }
  });
}
