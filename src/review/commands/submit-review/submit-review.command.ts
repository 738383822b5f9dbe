import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { ProposedDecision, ReviewFlag } from '../../domain/review.js';

export class SubmitReviewCommand extends Command<{ reviewId: string; round: number; version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly caseId: string,
    readonly submission: { occurredAt: string; proposedDecision: ProposedDecision; flags: ReviewFlag[] },
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
