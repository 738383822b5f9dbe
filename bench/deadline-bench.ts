import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type DataSource } from 'typeorm';
import { CalendarService } from '../src/calendar/calendar.service.js';
import { type WorkingCalendar } from '../src/calendar/domain/calendar.js';
import { officialCalendar } from '../src/calendar/domain/official-notices.js';
import { caseStreamId } from '../src/cases/domain/case.js';
import { DeadlineSchedulerReactor } from '../src/deadlines/deadline.projections.js';
import { type AlertJobData, DeadlineQueue } from '../src/deadlines/deadline-queue.js';
import { QueueFactory } from '../src/shared/queues/queues.module.js';
import { type DeadlineSpec, STAGES, fireTimes, jobIdOf } from '../src/deadlines/domain/deadline.js';
import { DeadlineKinds } from '../src/deadlines/domain/deadline-kinds.js';
import { type EventMetadata, NO_STREAM, START } from '../src/eventstore/event.js';
import { PostgresEventStore } from '../src/eventstore/event-store.js';
import type { SqlExecutor } from '../src/shared/database/sql-executor.js';
import { ProjectionRunner } from '../src/eventstore/projections/projection-runner.js';
import { type PublicRecord, wanYuan } from '../src/publication/domain/public-record.js';
import { PUBLICATION_WORKING_DAYS, decidePublication, initialPublication, publicationStreamId } from '../src/publication/domain/publication.js';
import { PublicationDeadlines } from '../src/publication/publication.reactors.js';
import { ReviewDeadlines } from '../src/review/review-deadlines.js';
import { SystemClock } from '../src/shared/clock.js';
import { loadConfig } from '../src/shared/config/config.js';
import { poolExecutor } from '../src/shared/database/data-source.js';
import { createDataSource, runMigrations } from '../src/database.js';
import { shanghaiDate } from '../src/shared/domain/calendar-date.js';
import { AGENCIES, Random } from './case-events.js';
import {
  BENCH_QUEUE_PREFIX,
  type BenchConfig,
  CONCURRENT_WRITERS,
  DEADLINES_BENCH_DATABASE,
  LOCAL_REDIS_URL,
  POOL_SIZE,
} from './config.js';
import { waitUntilTheWholeLogIsVisible, withScratchDatabase } from './database.js';
import { type Measurement, alternateRounds, rateOf } from './measure.js';

/** Events per reactor batch: the application's runner does not set it, so it reads 1000 at a time as well. */
const EVENTS_PER_BATCH = 1000;
/** The baseline adds per call as many jobs as the reactor adds per batch. */
const JOBS_PER_ADD_BULK = EVENTS_PER_BATCH * STAGES.length;
/** The name DeadlineQueue gives its jobs; checked against one of the reactor's after the warm-up. */
const ALERT_JOB = 'deadline-alert';
const BASELINE_QUEUE = 'bench-deadline-alerts';

const SEED_APPENDS_PER_TRANSACTION = 250;
/** Decisions of the last few days: every stage of their 7-working-day publication deadline is still ahead. */
const DECISION_DAYS_BACK = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

const AGENCY = { name: '重庆市大足区应急管理局', creditCode: '11500111009294712Y' };
const PARTIES = [
  { name: '重庆某机械制造有限公司', creditCode: '91500111MA5U3XQ128', legalRepresentative: '陈某' },
  { name: '重庆大足某五金制品有限公司', creditCode: '91500111MA60Q2KX3B', legalRepresentative: '李某' },
  { name: '大足区龙水镇某机械加工厂', creditCode: '92500111MA5YH8KD1N', legalRepresentative: '王某' },
] as const;
const VIOLATIONS = [
  { description: '未按规定对粉尘涉爆除尘系统进行定期清理', legalBasis: '《安全生产法》第九十九条第（二）项' },
  { description: '特种作业人员未取得相应资格上岗作业', legalBasis: '《安全生产法》第九十七条第（七）项' },
  { description: '未如实记录安全生产教育和培训情况', legalBasis: '《安全生产法》第九十七条第（四）项' },
] as const;

const addYear = (date: string): string =>
  `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

/** The redacted record of a fined organization, as penaltyRecord would make it. */
function publicRecord(random: Random, decisionDate: string): PublicRecord {
  const party = random.pick(PARTIES);
  const fineFen = (1 + random.int(50)) * 100_000;
  return {
    partyName: party.name,
    partyKind: 'organization',
    creditCode: party.creditCode,
    legalRepresentative: party.legalRepresentative,
    decisionNumber: `大足应急罚〔${decisionDate.slice(0, 4)}〕${100 + random.int(900)}号`,
    decisionDate,
    violations: [random.pick(VIOLATIONS)],
    penaltyBasis: '《安全生产法》第九十七条',
    penalties: [{ type: 'fine', content: `罚款人民币${fineFen / 100}元` }],
    finesWanYuan: wanYuan(fineFen),
    confiscatedWanYuan: null,
    agencyName: AGENCY.name,
    agencyCreditCode: AGENCY.creditCode,
    publicUntil: addYear(decisionDate),
  };
}

/** One penalty decision's publication, prepared by the decider itself: a stream of one PublicationPrepared. */
async function preparePublication(
  random: Random,
  calendar: WorkingCalendar,
  store: PostgresEventStore,
  tx: SqlExecutor,
): Promise<void> {
  const caseId = randomUUID();
  const agencyId = random.pick(AGENCIES);
  const occurredAt = new Date().toISOString();
  const decisionDate = shanghaiDate(new Date(Date.now() - random.int(DECISION_DAYS_BACK) * DAY_MS));
  const events = decidePublication(
    {
      type: 'PreparePublication',
      occurredAt,
      calendar,
      publicationId: caseId,
      source: 'penalty',
      sourceStreamId: caseStreamId(caseId),
      agencyId,
      decisionDate,
      record: publicRecord(random, decisionDate),
      withheldReason: null,
      workingDays: PUBLICATION_WORKING_DAYS,
    },
    initialPublication(),
  );
  const metadata: EventMetadata = {
    actorId: 'system:publication',
    actorRoles: [],
    agencyId,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    requestId: null,
    occurredAt,
  };
  await store.append(publicationStreamId(caseId), NO_STREAM, events, metadata, tx);
}

function executorFor(client: pg.Client): SqlExecutor {
  return {
    query: async <T>(sql: string, parameters?: unknown[]): Promise<T> =>
      (await client.query(sql, parameters)).rows as T,
  };
}

/** Concurrent writers, each appending a few hundred publications per transaction, until `count` are written. */
async function seedPublications(config: BenchConfig, store: PostgresEventStore, count: number): Promise<void> {
  const calendar = officialCalendar();
  let unclaimed = count;
  await Promise.all(
    Array.from({ length: CONCURRENT_WRITERS }, async (_, index) => {
      const random = new Random(7000 + index);
      const client = new pg.Client({
        connectionString: config.deadlinesDatabaseUrl,
        application_name: 'casetrail bench seed',
      });
      await client.connect();
      const tx = executorFor(client);
      try {
        while (unclaimed > 0) {
          const appends = Math.min(SEED_APPENDS_PER_TRANSACTION, unclaimed);
          unclaimed -= appends;
          await tx.query('BEGIN');
          for (let done = 0; done < appends; done += 1) await preparePublication(random, calendar, store, tx);
          await tx.query('COMMIT');
        }
      } finally {
        await client.end();
      }
    }),
  );
}

/**
 * The scheduling path as the application wires it, without the rest of the application: the deadline kinds it
 * registers, its DeadlineQueue (no worker started, so no job fires) and the reactor on a runner of its own. The
 * application would run its other projections beside it; here the reactor has the machine to itself.
 */
interface Scheduling {
  readonly calendar: CalendarService;
  readonly kinds: DeadlineKinds;
  readonly deadlines: DeadlineQueue;
  readonly reactor: DeadlineSchedulerReactor;
  readonly runner: ProjectionRunner;
}

async function withScheduling<T>(
  config: BenchConfig,
  dataSource: DataSource,
  store: PostgresEventStore,
  work: (scheduling: Scheduling) => Promise<T>,
): Promise<T> {
  const appConfig = loadConfig({
    DATABASE_URL: config.deadlinesDatabaseUrl,
    REDIS_URL: LOCAL_REDIS_URL,
    QUEUE_PREFIX: BENCH_QUEUE_PREFIX,
    LOG_LEVEL: 'silent',
  });
  const kinds = new DeadlineKinds();
  new PublicationDeadlines(kinds, store).onModuleInit();
  new ReviewDeadlines(kinds, store).onModuleInit();
  const calendar = new CalendarService(dataSource);
  await calendar.refresh();
  const queues = new QueueFactory(appConfig, dataSource);
  const deadlines = new DeadlineQueue(queues, kinds, store, calendar, new SystemClock(), appConfig);
  const runner = new ProjectionRunner(store, {
    databaseUrl: config.deadlinesDatabaseUrl,
    pollMs: 60_000,
    batchSize: EVENTS_PER_BATCH,
  });
  const reactor = new DeadlineSchedulerReactor(kinds, deadlines);
  runner.register(reactor);
  try {
    return await work({ calendar, kinds, deadlines, reactor, runner });
  } finally {
    await runner.stop();
    await deadlines.onApplicationShutdown();
    queues.onApplicationShutdown();
  }
}

/** The deadlines the reactor will schedule, as its kinds read them from the log. */
async function deadlinesInTheLog(
  store: PostgresEventStore,
  kinds: DeadlineKinds,
  expected: number,
): Promise<DeadlineSpec[]> {
  const events = await store.readAll(START, expected + 1, { types: kinds.eventTypes() });
  const specs = events.flatMap((event) => kinds.changesOf(event)).flatMap((c) => (c.change === 'set' ? [c.spec] : []));
  if (specs.length !== expected) throw new Error(`the log sets ${specs.length} deadlines, not ${expected}`);
  return specs;
}

interface AlertJob {
  readonly name: string;
  readonly data: AlertJobData;
  readonly opts: { readonly jobId: string; readonly delay: number };
}

/** The jobs DeadlineQueue.ensureScheduled makes of the deadlines: one per stage, delayed until it fires. */
function alertJobs(specs: readonly DeadlineSpec[], calendar: WorkingCalendar): AlertJob[] {
  const now = Date.now();
  return specs.flatMap((spec) => {
    const times = fireTimes(spec, calendar);
    return STAGES.map((stage) => ({
      name: ALERT_JOB,
      data: { spec, stage },
      opts: { jobId: jobIdOf(spec.deadlineId, stage), delay: Math.max(0, times[stage].getTime() - now) },
    }));
  });
}

async function expectDelayedJobs(queue: Queue<AlertJobData>, expected: number): Promise<void> {
  const delayed = await queue.getDelayedCount();
  if (delayed !== expected) throw new Error(`queue ${queue.name} holds ${delayed} delayed jobs, not ${expected}`);
}

/** Times `schedule` from empty queues to `jobs` delayed jobs, checks it got there, and empties its queue again. */
async function jobRate(queue: Queue<AlertJobData>, jobs: number, schedule: () => Promise<void>): Promise<number> {
  await queue.obliterate({ force: true });
  const rate = await rateOf(async () => {
    await schedule();
    return jobs;
  });
  await expectDelayedJobs(queue, jobs);
  await queue.obliterate({ force: true });
  return rate;
}

/** Ours: the reactor replays the log from its start, the way a first catch-up or a rebuild meets those events. */
async function replayReactor({ runner, reactor }: Scheduling, deadlines: number): Promise<void> {
  const replayed = await runner.rebuild(reactor.name);
  if (replayed !== deadlines) throw new Error(`the reactor replayed ${replayed} of the ${deadlines} events`);
}

/** The floor: the same jobs, computed beforehand, handed to BullMQ in chunks as large as the reactor's. */
async function addBulk(queue: Queue<AlertJobData>, jobs: readonly AlertJob[]): Promise<void> {
  for (let start = 0; start < jobs.length; start += JOBS_PER_ADD_BULK) {
    await queue.addBulk(jobs.slice(start, start + JOBS_PER_ADD_BULK));
  }
}

/** Job timestamps are the clock at add time, so the two sides' fire times may differ by this much. */
const FIRE_TIME_TOLERANCE_MS = 5_000;

/** The baseline's jobs are the reactor's: same name, data and options, firing at the same time. */
async function expectSameJobs(ours: Queue<AlertJobData>, baseline: Queue<AlertJobData>, jobId: string): Promise<void> {
  const [our, their] = await Promise.all([ours.getJob(jobId), baseline.getJob(jobId)]);
  const shape = (job: typeof our) =>
    job && JSON.stringify({ name: job.name, data: job.data, attempts: job.opts.attempts, backoff: job.opts.backoff });
  const firesAt = (job: typeof our) => (job ? job.timestamp + (job.opts.delay ?? 0) : Number.NaN);
  if (!our || shape(our) !== shape(their)) {
    throw new Error(`job ${jobId} differs between the reactor (${shape(our)}) and the baseline (${shape(their)})`);
  }
  if (!(Math.abs(firesAt(our) - firesAt(their)) <= FIRE_TIME_TOLERANCE_MS)) {
    throw new Error(`job ${jobId} fires at ${firesAt(our)} from the reactor, at ${firesAt(their)} from the baseline`);
  }
}

async function compareScheduling(
  scheduling: Scheduling,
  baseline: Queue<AlertJobData>,
  specs: readonly DeadlineSpec[],
  rounds: number,
): Promise<[Measurement, Measurement]> {
  const ours = scheduling.deadlines.queue;
  const jobs = specs.length * STAGES.length;
  const reactorRound = () => jobRate(ours, jobs, () => replayReactor(scheduling, specs.length));
  const addBulkRound = () => {
    // Delays count from now, as the reactor's do.
    const bulk = alertJobs(specs, scheduling.calendar.current());
    return jobRate(baseline, jobs, () => addBulk(baseline, bulk));
  };
  // The warm-up schedules one batch each way (a whole replay would add a round's time to the phase), and leaves its
  // jobs in both queues to check that they are the same jobs; the log was read once already, for the deadlines.
  const firstBatch = specs.slice(0, EVENTS_PER_BATCH);
  await ours.obliterate({ force: true });
  await scheduling.deadlines.schedule(firstBatch);
  await baseline.obliterate({ force: true });
  await addBulk(baseline, alertJobs(firstBatch, scheduling.calendar.current()));
  const sample = firstBatch[0];
  if (sample) await expectSameJobs(ours, baseline, jobIdOf(sample.deadlineId, 'due'));
  const [reactorRates, addBulkRates] = await alternateRounds(rounds, reactorRound, addBulkRound);
  return [
    { name: 'DeadlineSchedulerReactor replay', operationsPerRound: jobs, rates: reactorRates },
    { name: 'Queue.addBulk', operationsPerRound: jobs, rates: addBulkRates },
  ];
}

/** A second queue beside the reactor's, under the same prefix, with the same connection and job defaults. */
async function withBaselineQueue<T>(
  defaults: Queue<AlertJobData>['defaultJobOptions'],
  work: (queue: Queue<AlertJobData>) => Promise<T>,
): Promise<T> {
  const connection = new Redis(LOCAL_REDIS_URL, { maxRetriesPerRequest: 3 });
  const queue = new Queue<AlertJobData>(BASELINE_QUEUE, {
    connection,
    prefix: BENCH_QUEUE_PREFIX,
    defaultJobOptions: defaults,
  });
  try {
    return await work(queue);
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
  }
}

/** Jobs per deadline, for the report. */
export const deadlineJobsPerRound = (config: BenchConfig): number => config.deadlines * STAGES.length;

/**
 * Deadline jobs made by the deadline-scheduler reactor from PublicationPrepared events (each sets one deadline,
 * scheduled as one delayed job per stage) against a raw BullMQ addBulk of the same jobs, on a database of its own,
 * dropped afterwards, and queues under the bench prefix, emptied before and after every round. Both rates are jobs/s.
 */
export function benchDeadlineScheduling(config: BenchConfig): Promise<[Measurement, Measurement]> {
  return withScratchDatabase(config, DEADLINES_BENCH_DATABASE, async () => {
    await runMigrations({ databaseUrl: config.deadlinesDatabaseUrl, poolSize: 2 });
    const dataSource = createDataSource({ databaseUrl: config.deadlinesDatabaseUrl, poolSize: POOL_SIZE });
    await dataSource.initialize();
    try {
      const store = new PostgresEventStore(poolExecutor(dataSource));
      console.log(`seeding ${config.deadlines} PublicationPrepared events...`);
      await seedPublications(config, store, config.deadlines);
      await dataSource.query('VACUUM (ANALYZE) events');
      await waitUntilTheWholeLogIsVisible(dataSource);
      return await withScheduling(config, dataSource, store, async (scheduling) => {
        const specs = await deadlinesInTheLog(store, scheduling.kinds, config.deadlines);
        return withBaselineQueue(scheduling.deadlines.queue.defaultJobOptions, (baseline) =>
          compareScheduling(scheduling, baseline, specs, config.deadlineRounds),
        );
      });
    } finally {
      await dataSource.destroy();
    }
  });
}
