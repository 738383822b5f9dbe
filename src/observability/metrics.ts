import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { DeadlineReconciler } from '../deadlines/deadline-reconciler.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { ProjectionRunner } from '../eventstore/projections/projection-runner.js';
import { Clock } from '../shared/clock.js';
import { shanghaiDate } from '../shared/domain/calendar-date.js';
import { QueueDirectory } from './queue-directory.js';

/** The queue states that make the depth of a queue; completed jobs are history. */
export const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/** The route label of requests no route matched: raw paths would make a series per scanner probe. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The application's Prometheus metrics, in a registry of its own (never prom-client's global one), so that several
 * applications in one process keep their figures apart. Counters move as things happen in this instance; gauges of
 * state kept elsewhere (projection lag, queue depth, deadlines) are read from PostgreSQL and the queues when scraped,
 * so that every instance reports the same truth and none keeps a copy that could drift.
 */
@Injectable()
export class Metrics implements OnModuleInit, OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly appended: Counter<'stream_type' | 'type'>;
  private readonly conflicts: Counter<'stream_type'>;
  private readonly projectionLag: Gauge<'projection'>;
  private readonly projectionActive: Gauge<'projection'>;
  private readonly queueJobs: Gauge<'queue' | 'state'>;
  private readonly deadlinesDue: Gauge<'kind'>;
  private readonly deadlinesMissed: Gauge<'kind'>;
  private readonly reconcilerLastRun: Gauge;
  private stopObserving: (() => void) | null = null;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly projections: ProjectionRunner,
    private readonly db: DataSource,
    private readonly queues: QueueDirectory,
    private readonly reconciler: DeadlineReconciler,
    private readonly clock: Clock,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.appended = new Counter({
      name: 'casetrail_events_appended_total',
      help: 'Events appended by this instance, by stream type and event type',
      labelNames: ['stream_type', 'type'],
      registers,
    });
    this.conflicts = new Counter({
      name: 'casetrail_version_conflicts_total',
      help: 'Appends refused because the stream had moved past the expected version (retried ones included)',
      labelNames: ['stream_type'],
      registers,
    });
    this.projectionLag = new Gauge({
      name: 'casetrail_projection_lag_events',
      help: "Committed events of a projection's types not yet applied (counted up to 100000)",
      labelNames: ['projection'],
      registers,
    });
    this.projectionActive = new Gauge({
      name: 'casetrail_projection_active',
      help: '1 where this instance runs the projection, 0 where it stands by for another instance',
      labelNames: ['projection'],
      registers,
    });
    this.queueJobs = new Gauge({
      name: 'casetrail_queue_jobs',
      help: 'Jobs in each BullMQ queue by state',
      labelNames: ['queue', 'state'],
      registers,
    });
    this.deadlinesDue = new Gauge({
      name: 'casetrail_deadlines_due',
      help: 'Pending deadlines whose due date is today (Asia/Shanghai), by kind',
      labelNames: ['kind'],
      registers,
    });
    this.deadlinesMissed = new Gauge({
      name: 'casetrail_deadlines_missed',
      help: 'Pending deadlines whose due date has passed (Asia/Shanghai), by kind',
      labelNames: ['kind'],
      registers,
    });
    this.reconcilerLastRun = new Gauge({
      name: 'casetrail_deadline_reconciler_last_run_timestamp_seconds',
      help: 'When this instance last re-created missing deadline jobs from PostgreSQL (absent before its first run)',
      registers,
    });
  }

  onModuleInit(): void {
    this.stopObserving = this.store.observe({
      appended: (streamType, types) => types.forEach((type) => this.appended.inc({ stream_type: streamType, type })),
      conflicted: (streamType) => this.conflicts.inc({ stream_type: streamType }),
    });
  }

  onApplicationShutdown(): void {
    this.stopObserving?.();
  }

  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition format, with the gauges read afresh. */
  async render(): Promise<string> {
    await Promise.all([this.readProjections(), this.readQueues(), this.readDeadlines()]);
    this.reconcilerLastRun.reset();
    const lastRun = this.reconciler.status();
    if (lastRun) this.reconcilerLastRun.set(lastRun.at.getTime() / 1000);
    return this.registry.metrics();
  }

  // A source that cannot be read leaves its gauges empty: a scrape still reports everything else.

  private async readProjections(): Promise<void> {
    const health = await this.projections.health(this.db).catch(() => []);
    this.projectionLag.reset();
    this.projectionActive.reset();
    for (const projection of health) {
      this.projectionLag.set({ projection: projection.name }, projection.lag);
      this.projectionActive.set({ projection: projection.name }, projection.state === 'active' ? 1 : 0);
    }
  }

  private async readQueues(): Promise<void> {
    const depths = await Promise.all(
      this.queues.queues().map(async (queue) => ({ queue: queue.name, counts: await queue.getJobCounts(...QUEUE_STATES) })),
    ).catch(() => []);
    this.queueJobs.reset();
    for (const { queue, counts } of depths) {
      for (const state of QUEUE_STATES) this.queueJobs.set({ queue, state }, counts[state] ?? 0);
    }
  }

  private async readDeadlines(): Promise<void> {
    const rows = await this.db
      .query<{ kind: string; due: number; missed: number }[]>(
        `SELECT kind, count(*) FILTER (WHERE due_date = $1::date)::int AS due,
                count(*) FILTER (WHERE due_date < $1::date)::int AS missed
         FROM deadlines WHERE status = 'pending' GROUP BY kind`,
        [shanghaiDate(this.clock.now())],
      )
      .catch(() => []);
    this.deadlinesDue.reset();
    this.deadlinesMissed.reset();
    for (const row of rows) {
      this.deadlinesDue.set({ kind: row.kind }, row.due);
      this.deadlinesMissed.set({ kind: row.kind }, row.missed);
    }
  }
}
