import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule } from '../cases/cases.module.js';
import { GiveOpinionController } from './commands/give-opinion/give-opinion.http.controller.js';
import { ExtendReviewHandler, GiveOpinionHandler } from './commands/give-opinion/give-opinion.handler.js';
import { SubmitReviewController } from './commands/submit-review/submit-review.http.controller.js';
import { SubmitReviewHandler } from './commands/submit-review/submit-review.handler.js';
import { ReviewQueueProjection } from './projections/review-queue.projection.js';
import { ReviewFiguresController } from './queries/review-figures.http.controller.js';
import { ReviewsController } from './queries/reviews.http.controller.js';
import { ReviewDeadlines } from './review-deadlines.js';

@Module({
  imports: [CqrsModule, CasesModule],
  controllers: [SubmitReviewController, GiveOpinionController, ReviewFiguresController, ReviewsController],
  providers: [SubmitReviewHandler, GiveOpinionHandler, ExtendReviewHandler, ReviewQueueProjection, ReviewDeadlines],
})
export class ReviewModule {}
