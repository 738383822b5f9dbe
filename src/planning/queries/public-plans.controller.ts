import { Controller, Get, Injectable, Logger, type OnModuleInit, Param, ParseUUIDPipe } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { loadAggregate } from '../../eventstore/command-handling.js';
import { PostgresEventStore } from '../../eventstore/event-store.js';
import { Public } from '../../shared/http/auth.decorators.js';
import { planDecider } from '../domain/plan.decider.js';
import { planStreamId } from '../domain/plan.js';
import { PlanningErrors } from '../domain/planning.errors.js';
import { type PublicPlanView, publicPlanView } from './plan-views.js';
import { renderNotFound, renderPublicPlan } from './public-plan.page.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function viewOf(store: PostgresEventStore, planId: string): Promise<PublicPlanView | null> {
  const { state } = await loadAggregate(store, planStreamId(planId), planDecider);
  return state.status === 'none' ? null : publicPlanView(state);
}

/** "One public" (一公开): every plan, its seed commitment, its draw and its results, as JSON without a token. */
@ApiTags('public')
@Controller('public/plans')
export class PublicPlansController {
  constructor(private readonly store: PostgresEventStore) {}

  /** Everything needed to re-run the draw outside casetrail (see docs/tools/verify-draw.mjs). */
  @Get(':planId')
  @Public()
  async json(@Param('planId', ParseUUIDPipe) planId: string): Promise<PublicPlanView> {
    const view = await viewOf(this.store, planId);
    if (!view) throw PlanningErrors.planNotFound(planId);
    return view;
  }
}

/**
 * The plan's page for readers' browsers at /public/plans/{planId}, beside the API rather than under /api. It is
 * mounted on the HTTP server directly, once the API's routes are registered, so that the global prefix and its
 * exclusions (which the publication pages keep) need not know of it. Self-contained: no script, no external asset.
 */
@Injectable()
export class PublicPlanPage implements OnModuleInit {
  private readonly logger = new Logger(PublicPlanPage.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly store: PostgresEventStore,
  ) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter.get('/public/plans/:planId', (request: Request, response: Response) => {
      void this.render(String(request.params.planId), response);
    });
  }

  private async render(planId: string, response: Response): Promise<void> {
    response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    response.type('text/html; charset=utf-8');
    try {
      const view = UUID.test(planId) ? await viewOf(this.store, planId.toLowerCase()) : null;
      if (!view) {
        response.status(404).send(renderNotFound());
        return;
      }
      response.status(200).send(renderPublicPlan(view));
    } catch (error) {
      this.logger.error({ err: error, planId }, 'public plan page failed');
      if (!response.headersSent) response.status(500).send(renderNotFound('页面暂时无法显示，请稍后再试。'));
    }
  }
}
