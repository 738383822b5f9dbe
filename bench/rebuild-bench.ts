import pg from 'pg';
import { type DataSource } from 'typeorm';
import { NO_STREAM, type NewEvent } from '../src/eventstore/event.js';
import { type PostgresEventStore } from '../src/eventstore/event-store.js';
import { ProjectionRunner } from '../src/eventstore/projections/projection-runner.js';
import { AGENCIES, Random, caseEvent, commandMetadata, newCaseStreamId } from './case-events.js';
import { type BenchConfig, REBUILD_BATCH_SIZE } from './config.js';
import { DAILY_STATS_TABLE, DailyEventStatsProjection, createDailyStatsTable } from './daily-event-stats-projection.js';
import { waitUntilTheWholeLogIsVisible } from './database.js';
import { type Measurement, alternateRounds, rateOf, runWriters } from './measure.js';

const SEED_EVENTS_PER_APPEND = 50;
const SEED_WRITERS = 4;
/** Cases opened over the two months before this instant, so the statistics spread over many days. */
const SEED_END = Date.parse('2026-11-01T00:00:00.000Z');
const SEED_SPAN_MS = 60 * 24 * 60 * 60 * 1000;
const MAX_GAP_BETWEEN_EVENTS_MS = 6 * 60 * 60 * 1000;

/** A whole case file in one append: events at increasing business times. */
function seedCase(random: Random): NewEvent[] {
  let occurredAt = SEED_END - SEED_SPAN_MS + random.int(SEED_SPAN_MS);
  return Array.from({ length: SEED_EVENTS_PER_APPEND }, (_, index) => {
    occurredAt += random.int(MAX_GAP_BETWEEN_EVENTS_MS);
    return caseEvent(random, index + 1, new Date(occurredAt).toISOString());
  });
}

async function seedEvents(store: PostgresEventStore, events: number): Promise<void> {
  const appendsPerWriter = Math.ceil(events / SEED_EVENTS_PER_APPEND / SEED_WRITERS);
  const writers = Array.from({ length: SEED_WRITERS }, (_, index) => new Random(9000 + index));
  await runWriters(writers, appendsPerWriter, async (random) => {
    const agencyId = random.pick(AGENCIES);
    await store.append(newCaseStreamId(), NO_STREAM, seedCase(random), commandMetadata(random, agencyId));
  });
}

/** The floor a replay is held against: read the whole log in position order, rows parsed by node-pg, nothing else. */
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

async function expectEveryEventCounted(dataSource: DataSource, expected: number): Promise<void> {
  const [row] = await dataSource.query<{ counted: number }[]>(
    `SELECT coalesce(sum(events), 0)::int AS counted FROM ${DAILY_STATS_TABLE}`,
  );
  if (row?.counted !== expected) {
    throw new Error(`the statistics count ${row?.counted} events, the log holds ${expected}`);
  }
}

/** A rate is only worth reporting for a replay of the whole log. */
async function rebuildWholeLog(runner: ProjectionRunner, name: string, logSize: number): Promise<number> {
  const replayed = await runner.rebuild(name);
  if (replayed !== logSize) {
    throw new Error(`the rebuild of ${name} replayed ${replayed} of the ${logSize} events in the log`);
  }
  return replayed;
}

async function prepareLog(dataSource: DataSource, store: PostgresEventStore, config: BenchConfig): Promise<void> {
  console.log(`seeding ${config.seedEvents} events...`);
  await seedEvents(store, config.seedEvents);
  // Sets hint bits and the visibility map now, so that the first reader to come does not pay for it.
  await dataSource.query('VACUUM (ANALYZE) events');
  await waitUntilTheWholeLogIsVisible(dataSource);
}

export async function benchRebuild(
  dataSource: DataSource,
  store: PostgresEventStore,
  config: BenchConfig,
): Promise<[Measurement, Measurement]> {
  await createDailyStatsTable(dataSource);
  await prepareLog(dataSource, store, config);
  const projection = new DailyEventStatsProjection();
  const runner = new ProjectionRunner(store, {
    databaseUrl: config.databaseUrl,
    pollMs: 60_000,
    batchSize: REBUILD_BATCH_SIZE,
    rebuildBatchSize: REBUILD_BATCH_SIZE,
  });
  runner.register(projection);
  const scanner = new pg.Client({ connectionString: config.databaseUrl, application_name: 'casetrail bench scan' });
  await scanner.connect();
  try {
    // The warm-up doubles as a check that the projection counted every event once.
    const logSize = await keysetScan(scanner);
    await rebuildWholeLog(runner, projection.name, logSize);
    await expectEveryEventCounted(dataSource, logSize);
    console.log(`rebuild: ${config.rounds} rounds over the ${logSize} events of the log per side...`);
    const [rebuildRates, scanRates] = await alternateRounds(
      config.rounds,
      () => rateOf(() => rebuildWholeLog(runner, projection.name, logSize)),
      () => rateOf(() => keysetScan(scanner)),
    );
    return [
      { name: 'ProjectionRunner.rebuild', operationsPerRound: logSize, rates: rebuildRates },
      { name: 'keyset scan of events', operationsPerRound: logSize, rates: scanRates },
    ];
  } finally {
    await scanner.end();
    await runner.stop();
  }
}
