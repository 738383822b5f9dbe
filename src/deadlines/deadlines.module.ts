import { Global, Module } from '@nestjs/common';
import { AlertsController } from './alerts.http.controller.js';
import { AlertsProjection, DeadlineSchedulerReactor, DeadlinesProjection } from './deadline.projections.js';
import { DeadlineQueue } from './deadline-queue.js';
import { DeadlineReconciler } from './deadline-reconciler.js';
import { DeadlineKinds } from './domain/deadline-kinds.js';

/** Statutory deadlines on BullMQ: each context registers its deadline kinds in DeadlineKinds. */
@Global()
@Module({
  controllers: [AlertsController],
  providers: [DeadlineKinds, DeadlineQueue, DeadlineReconciler, DeadlinesProjection, DeadlineSchedulerReactor, AlertsProjection],
  exports: [DeadlineKinds, DeadlineQueue, DeadlineReconciler],
})
export class DeadlinesModule {}
