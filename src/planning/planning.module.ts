import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule } from '../cases/cases.module.js';
import { CompletePlanController } from './commands/complete-plan/complete-plan.http.controller.js';
import { CompletePlanHandler } from './commands/complete-plan/complete-plan.handler.js';
import { CreatePlanController } from './commands/create-plan/create-plan.http.controller.js';
import { CreatePlanHandler } from './commands/create-plan/create-plan.handler.js';
import { DrawPlanController } from './commands/draw-plan/draw-plan.http.controller.js';
import { DrawPlanHandler } from './commands/draw-plan/draw-plan.handler.js';
import { EntityPoolController } from './commands/entity-pool/entity-pool.http.controller.js';
import { InspectionItemsController } from './commands/inspection-items/inspection-items.http.controller.js';
import { OpenDrawnInspectionController } from './commands/open-inspection/open-inspection.http.controller.js';
import { OpenDrawnInspectionHandler } from './commands/open-inspection/open-inspection.handler.js';
import { RecusalsController } from './commands/recusals/recusals.http.controller.js';
import { PlanningProjection } from './projections/planning.projection.js';
import { PlansController } from './queries/plans.http.controller.js';
import { PublicPlanPage, PublicPlansController } from './queries/public-plans.controller.js';

/** Inspection planning by "double random, one public" (双随机、一公开): pools, items, recusals, plans and draws. */
@Module({
  imports: [CqrsModule, CasesModule],
  controllers: [
    EntityPoolController,
    InspectionItemsController,
    RecusalsController,
    CreatePlanController,
    DrawPlanController,
    OpenDrawnInspectionController,
    CompletePlanController,
    PlansController,
    PublicPlansController,
  ],
  providers: [CreatePlanHandler, DrawPlanHandler, OpenDrawnInspectionHandler, CompletePlanHandler, PlanningProjection, PublicPlanPage],
})
export class PlanningModule {}
