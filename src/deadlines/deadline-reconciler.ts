import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../shared/config/config.module.js';
import type { AppConfig } from '../shared/config/config.js';
import type { DeadlineBasis, DeadlineSpec, Stage } from './domain/deadline.js';
import type { Role } from '../shared/domain/roles.js';
import { DeadlineQueue } from './deadline-queue.js';

interface DeadlineRow {
  deadline_id: string;
  kind: string;
  stream_id: string;
  agency_id: string;
  due_date: string;
  provisional: boolean;
  subject: string;
  notify: Record<Stage, Role>;
  basis: DeadlineBasis | null;
}

/**
 * PostgreSQL holds the truth of the schedule, Redis a copy: at startup and every few minutes the jobs of every
 * pending deadline are re-added where missing, so losing Redis loses no deadline.
 */
@Injectable()
export class DeadlineReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineReconciler.name);
  private timer: NodeJS.Timeout | null = null;
  private lastRun: { at: Date; deadlines: number } | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly queue: DeadlineQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const run = (): void => {
      this.reconcile().catch((error: unknown) => this.logger.warn({ err: error }, 'deadline reconciliation failed'));
    };
    run();
    this.timer = setInterval(run, this.config.deadlineReconcileMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  status(): { at: Date; deadlines: number } | null {
    return this.lastRun;
  }

  /** Re-adds the missing jobs of every pending deadline; returns how many deadlines it looked at. */
  async reconcile(): Promise<number> {
    const rows = await this.db.query<DeadlineRow[]>(
      `SELECT deadline_id, kind, stream_id, agency_id, due_date::text, provisional, subject, notify, basis
       FROM deadlines WHERE status = 'pending'`,
    );
    const specs: DeadlineSpec[] = rows.map((row) => ({
      deadlineId: row.deadline_id,
      kind: row.kind,
      streamId: row.stream_id,
      agencyId: row.agency_id,
      dueDate: row.due_date,
      provisional: row.provisional,
      subject: row.subject,
      notify: row.notify,
      basis: row.basis,
    }));
    await this.queue.ensureScheduled(specs);
    this.lastRun = { at: new Date(), deadlines: specs.length };
    return specs.length;
  }
}
