import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DeadlineReconciler } from '../deadlines/deadline-reconciler.js';
import { type ProjectionHealth, ProjectionRunner } from '../eventstore/projections/projection-runner.js';
import { Public } from '../shared/http/auth.decorators.js';
import { type Reply, withStatus } from '../shared/http/reply.js';
import { QueueFactory } from '../shared/queues/queues.module.js';

export interface Readiness {
  readonly status: 'ok' | 'unavailable';
  readonly postgres: 'up' | 'down';
  /** Where the queues are kept (Redis, or BullMQ's PostgreSQL backend in the database). */
  readonly queueBackend: 'redis' | 'postgres';
  /** Redis, when the queues are kept there. */
  readonly redis: 'up' | 'down' | 'unused';
  readonly projections: readonly ProjectionHealth[];
  readonly deadlineReconciler: { readonly lastRunAt: string | null; readonly pendingDeadlines: number | null };
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly queues: QueueFactory,
    private readonly projections: ProjectionRunner,
    private readonly reconciler: DeadlineReconciler,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and the queues' store answer; projection lag and errors are reported alongside. */
  @Get()
  async ready(): Promise<Reply<Readiness>> {
    const [postgres, queues] = await Promise.all([
      this.db.query('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.queues.ping().then((up) => (up ? ('up' as const) : ('down' as const))),
    ]);
    const queueBackend = this.queues.mode.kind;
    const projections = postgres === 'up' ? await this.projections.health(this.db).catch(() => []) : [];
    const status = postgres === 'up' && queues === 'up' ? 'ok' : 'unavailable';
    const reconciled = this.reconciler.status();
    return withStatus({
      status,
      postgres,
      queueBackend,
      redis: queueBackend === 'redis' ? queues : 'unused',
      projections,
      deadlineReconciler: { lastRunAt: reconciled?.at.toISOString() ?? null, pendingDeadlines: reconciled?.deadlines ?? null },
    }, status === 'ok' ? 200 : 503);
  }
}
