import { Global, Module } from '@nestjs/common';
import { AlertWebhookReactor } from './alert-webhook.js';
import { AlertsController } from './alerts.http.controller.js';
import { AlertsProjection, DeadlineSchedulerReactor, DeadlinesProjection } from './deadline.projections.js';
import { DeadlineQueue } from './deadline-queue.js';
import { DeadlineReconciler } from './deadline-reconciler.js';
import { DeadlineRecomputer } from './deadline-recomputer.js';
import { DeadlineKinds } from './domain/deadline-kinds.js';

/** Statutory deadlines on BullMQ: each context registers its deadline kinds in DeadlineKinds. */
@Global()
@Module({
  controllers: [AlertsController],
  providers: [DeadlineKinds, DeadlineQueue, DeadlineReconciler, DeadlinesProjection, DeadlineSchedulerReactor, AlertsProjection, DeadlineRecomputer, AlertWebhookReactor],
  exports: [DeadlineKinds, DeadlineQueue, DeadlineReconciler],
})
export class DeadlinesModule {}
