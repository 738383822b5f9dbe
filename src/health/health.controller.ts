import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { DeadlineReconciler } from '../deadlines/deadline-reconciler.js';
import { type ProjectionHealth, ProjectionRunner } from '../eventstore/projections/projection-runner.js';
import { Public } from '../identity/auth/auth.decorators.js';
import { RedisConnection } from '../shared/redis/redis.module.js';

export interface Readiness {
  readonly status: 'ok' | 'unavailable';
  readonly postgres: 'up' | 'down';
  readonly redis: 'up' | 'down';
  readonly projections: readonly ProjectionHealth[];
  readonly deadlineReconciler: { readonly lastRunAt: string | null; readonly pendingDeadlines: number | null };
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly redis: RedisConnection,
    private readonly projections: ProjectionRunner,
    private readonly reconciler: DeadlineReconciler,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis answer; projection lag and errors are reported alongside. */
  @Get()
  async ready(@Res({ passthrough: true }) response: Response): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([
      this.db.query('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      this.redis.ping().then((up) => (up ? ('up' as const) : ('down' as const))),
    ]);
    const projections = postgres === 'up' ? await this.projections.health(this.db).catch(() => []) : [];
    const status = postgres === 'up' && redis === 'up' ? 'ok' : 'unavailable';
    if (status !== 'ok') response.status(503);
    const reconciled = this.reconciler.status();
    return {
      status,
      postgres,
      redis,
      projections,
      deadlineReconciler: { lastRunAt: reconciled?.at.toISOString() ?? null, pendingDeadlines: reconciled?.deadlines ?? null },
    };
  }
}
