import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bullmq';
import { CalendarService } from '../calendar/calendar.service.js';
import { ANY } from '../eventstore/event.js';
import { DuplicateEventError } from '../eventstore/errors.js';
import { PostgresEventStore } from '../eventstore/event-store.js';
import { Clock } from '../shared/clock.js';
import { APP_CONFIG } from '../shared/config/config.module.js';
import type { AppConfig } from '../shared/config/config.js';
import { type AppQueue, type AppWorker, QueueFactory } from '../shared/queues/queues.module.js';
import { type DeadlineSpec, STAGES, type Stage, alertEvent, fireTimes, jobIdOf, stageJobs } from './domain/deadline.js';
import { DeadlineKinds } from './domain/deadline-kinds.js';

export const DEADLINE_QUEUE = 'deadlines';
const ALERT_JOB = 'deadline-alert';

export interface AlertJobData {
  readonly spec: DeadlineSpec;
  readonly stage: Stage;
}

export type AlertOutcome = 'raised' | 'already-raised' | 'no-longer-due';

/**
 * The delayed jobs of the deadlines, on BullMQ. Job ids are derived from the obligation, its due date and the stage,
 * so scheduling twice adds one job; a job that fires re-checks the owning stream before it raises its alert, and an
 * alert's event id is derived the same way, so a job that runs twice alerts once.
 */
@Injectable()
export class DeadlineQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineQueue.name);
  readonly queue: AppQueue<AlertJobData>;
  private worker: AppWorker<AlertJobData> | null = null;

  constructor(
    private readonly queues: QueueFactory,
    private readonly kinds: DeadlineKinds,
    private readonly store: PostgresEventStore,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'deadlineBackfillGraceMs'>,
  ) {
    this.queue = queues.queue<AlertJobData>(DEADLINE_QUEUE, {
      defaultJobOptions: {
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        // Kept, so that re-adding a fired job's id is a no-op; failures stay visible.
        removeOnComplete: { age: 90 * 86_400 },
        removeOnFail: false,
      },
    });
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'deadline queue error'));
  }

  onApplicationBootstrap(): void {
    this.worker = this.queues.worker<AlertJobData>(DEADLINE_QUEUE, (job) => this.process(job), { concurrency: 4 });
    this.worker.on('error', (error) => this.logger.warn({ err: error }, 'deadline worker error'));
    this.worker.on('failed', (job, error) => this.logger.error({ err: error, jobId: job?.id }, 'deadline job failed'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }

  /** Replaces the three stage jobs of each deadline, for its current due date. */
  async schedule(specs: readonly DeadlineSpec[]): Promise<void> {
    await Promise.all(specs.map((spec) => this.unschedule(spec.deadlineId)));
    await this.ensureScheduled(specs);
  }

  /**
   * Adds the stage jobs that are missing; jobs already there, waiting or fired, are left as they are. Stages already
   * past are collapsed and held back for the grace (see `stageJobs`); the ids stay one per obligation and stage.
   */
  async ensureScheduled(specs: readonly DeadlineSpec[]): Promise<void> {
    if (specs.length === 0) return;
    const now = this.clock.now();
    const calendar = this.calendar.current();
    await this.queue.addBulk(
      specs.flatMap((spec) =>
        stageJobs(fireTimes(spec, calendar), now, this.config.deadlineBackfillGraceMs).map(({ stage, at }) => ({
          name: ALERT_JOB,
          data: { spec, stage },
          opts: { jobId: jobIdOf(spec.deadlineId, stage), delay: Math.max(0, at.getTime() - now.getTime()) },
        })),
      ),
    );
  }

  /** The obligation was met (or moved): its jobs go. One already running finds it met and does nothing. */
  async unschedule(deadlineId: string): Promise<void> {
    await Promise.all(STAGES.map((stage) => this.queue.remove(jobIdOf(deadlineId, stage))));
  }

  /** Raises the stage's alert on the owning stream, unless the deadline was met or moved meanwhile. */
  async raise({ spec, stage }: AlertJobData): Promise<AlertOutcome> {
    const kind = this.kinds.get(spec.kind);
    if (!kind || !(await kind.stillDue(spec))) return 'no-longer-due';
    const alert = alertEvent(spec, stage);
    try {
      await this.store.append(spec.streamId, ANY, [alert], {
        actorId: 'system:deadlines',
        actorRoles: [],
        agencyId: spec.agencyId,
        correlationId: spec.deadlineId,
        causationId: null,
        requestId: null,
        occurredAt: this.clock.now().toISOString(),
      });
      return 'raised';
    } catch (error) {
      if (error instanceof DuplicateEventError) return 'already-raised';
      throw error;
    }
  }

  private process(job: Job<AlertJobData>): Promise<AlertOutcome> {
    return this.raise(job.data);
  }
}
