import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../shared/http/request-context.js';
import type { Findings, ReviewOutcome } from '../../domain/review.js';

export class GiveOpinionCommand extends Command<{ version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly reviewId: string,
    readonly opinion: { occurredAt: string; outcome: ReviewOutcome; findings: Findings; opinion: string },
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}

export class ExtendReviewCommand extends Command<{ version: number }> {
  constructor(
    readonly context: RequestContext,
    readonly reviewId: string,
    readonly extension: { occurredAt: string; reason: string },
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
